package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Each method of the task API and of Weft's own, with its error cases, on each database. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class TaskApiTest {

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), HELLO);
    served = new Served(kind, dir, ServerConfig.defaults().withPipelines(pipelines));
  }

  @AfterEach
  void stop() {
    served.close();
  }

  static final String HELLO =
      "weft: 1\nname: hello\nkind: tasks\nnodes:\n  - id: greet\n    type: echo\n    with: {message: hi}\n"
          + "  - id: after\n    type: echo\n    after: [greet]\n    with: {message: done}\n";

  static final String TREE =
      "[{\"id\": \"root\", \"name\": \"Root Task\", \"schemas\": {\"method\": \"echo\"},"
          + " \"inputs\": {\"message\": \"r\"}},"
          + " {\"id\": \"child\", \"name\": \"Child\", \"parent_id\": \"root\", \"priority\": 0,"
          + " \"schemas\": {\"method\": \"echo\"}, \"inputs\": {\"message\": \"c\"},"
          + " \"dependencies\": [{\"id\": \"root\", \"required\": true}]},"
          + " {\"id\": \"other\", \"name\": \"Other\", \"parent_id\": \"root\", \"params\": {\"executor_id\": \"noop\"}}]";

  private JsonNode error(JsonNode response) {
    assertThat(response.has("error")).as("an error: %s", response).isTrue();
    return response.get("error");
  }

  private JsonNode child(JsonNode tree, String name) {
    for (JsonNode c : tree.get("children")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
      JsonNode deeper = c.has("children") ? childOrNull(c, name) : null;
      if (deeper != null) {
        return deeper;
      }
    }
    throw new AssertionError("no " + name + " in " + tree);
  }

  private JsonNode childOrNull(JsonNode tree, String name) {
    try {
      return child(tree, name);
    } catch (AssertionError e) {
      return null;
    }
  }

  private String status(String id) {
    return served.result("tasks.get", "{\"task_id\": \"" + id + "\"}").get("status").asText();
  }

  @Test
  void aTreeIsCreatedHeldThenExecuted() {
    JsonNode tree = served.result("tasks.create", TREE);
    String run = tree.get("id").asText();
    JsonNode root = child(tree, "Root Task");
    JsonNode kid = child(tree, "Child");

    assertThat(tree.get("parent_id").isNull()).isTrue();
    assertThat(tree.get("status").asText()).isEqualTo("pending");
    assertThat(root.get("parent_id").asText()).isEqualTo(run);
    assertThat(kid.get("parent_id").asText()).isEqualTo(root.get("id").asText());
    assertThat(kid.get("priority").asInt()).isZero();
    assertThat(kid.get("dependencies").get(0).get("id").asText())
        .isEqualTo(root.get("id").asText());
    assertThat(kid.get("inputs").get("message").asText()).isEqualTo("c");
    assertThat(child(tree, "Other").get("type").asText()).isEqualTo("noop");

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> status(root.get("id").asText()).equals("pending"));

    JsonNode started =
        served.result("tasks.execute", "{\"task_id\": \"" + kid.get("id").asText() + "\"}");
    assertThat(started.get("status").asText()).isEqualTo("started");
    assertThat(started.get("root_task_id").asText()).isEqualTo(run);
    await().atMost(Duration.ofSeconds(20)).until(() -> status(run).equals("completed"));
    assertThat(
            served
                .result("tasks.get", "{\"id\": " + kid.get("id").asText() + "}")
                .get("result")
                .asText())
        .isEqualTo("c");
    assertThat(
            served.result("tasks.execute", "{\"task_id\": \"" + run + "\"}").get("status").asText())
        .isEqualTo("already_completed");
  }

  @Test
  void createChecksTheTree() {
    assertThat(error(served.call("tasks.create", "[]")).get("code").asInt()).isEqualTo(-32602);
    JsonNode twoRoots =
        error(
            served.call(
                "tasks.create",
                "[{\"name\": \"a\", \"schemas\": {\"method\": \"noop\"}}, {\"name\": \"b\", \"schemas\": {\"method\": \"noop\"}}]"));
    assertThat(twoRoots.at("/data/field").asText()).isEqualTo("tasks[1].parent_id");
    JsonNode cycle =
        error(
            served.call(
                "tasks.create",
                "[{\"id\": \"a\", \"name\": \"a\", \"schemas\": {\"method\": \"noop\"}, \"dependencies\": [{\"id\": \"b\"}]},"
                    + " {\"id\": \"b\", \"name\": \"b\", \"parent_id\": \"a\", \"schemas\": {\"method\": \"noop\"}, \"dependencies\": [{\"id\": \"a\"}]}]"));
    assertThat(cycle.at("/data/reason").asText()).contains("circular");
    JsonNode unknownDep =
        error(
            served.call(
                "tasks.create",
                "{\"id\": \"a\", \"name\": \"a\", \"schemas\": {\"method\": \"noop\"}, \"dependencies\": [{\"id\": \"zz\"}]}"));
    assertThat(unknownDep.at("/data/field").asText()).isEqualTo("tasks[0].dependencies[0].id");
    JsonNode badType =
        error(
            served.call("tasks.create", "{\"name\": \"a\", \"schemas\": {\"method\": \"ecko\"}}"));
    assertThat(badType.at("/data/field").asText()).isEqualTo("tasks[0].schemas.method");
    assertThat(badType.at("/data/reason").asText()).contains("no task type 'ecko'");
    JsonNode priority = error(served.call("tasks.create", "{\"name\": \"noop\", \"priority\": 7}"));
    assertThat(priority.at("/data/field").asText()).isEqualTo("tasks[0].priority");
    JsonNode mixedIds =
        error(
            served.call(
                "tasks.create",
                "[{\"id\": \"a\", \"name\": \"noop\"}, {\"name\": \"noop2\", \"parent_id\": \"a\"}]"));
    assertThat(mixedIds.at("/data/reason").asText()).contains("every task has an id or none");
    JsonNode users =
        error(
            served.call(
                "tasks.create",
                "[{\"id\": \"a\", \"name\": \"noop\", \"user_id\": \"x\"}, {\"id\": \"b\", \"name\": \"noop\", \"parent_id\": \"a\", \"user_id\": \"y\"}]"));
    assertThat(users.at("/data/field").asText()).isEqualTo("tasks[1].user_id");
    JsonNode config =
        error(
            served.call(
                "tasks.create",
                "{\"name\": \"s\", \"schemas\": {\"method\": \"sleep\"}, \"inputs\": {\"for\": 5}}"));
    assertThat(config.get("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void updateAndDeleteChangeOnlyTasksNotStarted() {
    JsonNode tree = served.result("tasks.create", TREE);
    String kid = child(tree, "Child").get("id").asText();
    String root = child(tree, "Root Task").get("id").asText();
    String other = child(tree, "Other").get("id").asText();

    JsonNode updated =
        served.result(
            "tasks.update",
            "{\"task_id\": \""
                + kid
                + "\", \"inputs\": {\"message\": \"changed\"}, \"priority\": 2,"
                + " \"name\": \"Renamed\", \"dependencies\": [{\"id\": \""
                + other
                + "\", \"required\": false}]}");
    assertThat(updated.get("name").asText()).isEqualTo("Renamed");
    assertThat(updated.get("inputs").get("message").asText()).isEqualTo("changed");
    assertThat(updated.get("priority").asInt()).isEqualTo(2);
    assertThat(updated.get("dependencies").get(0).get("id").asText()).isEqualTo(other);

    assertThat(
            error(
                    served.call(
                        "tasks.update", "{\"task_id\": \"" + kid + "\", \"parent_id\": \"1\"}"))
                .at("/data/field")
                .asText())
        .isEqualTo("parent_id");
    assertThat(
            error(
                    served.call(
                        "tasks.update",
                        "{\"task_id\": \"" + kid + "\", \"status\": \"completed\"}"))
                .at("/data/field")
                .asText())
        .isEqualTo("status");
    assertThat(
            error(
                    served.call(
                        "tasks.update",
                        "{\"task_id\": \""
                            + kid
                            + "\", \"dependencies\": [{\"id\": \""
                            + kid
                            + "\"}]}"))
                .get("code")
                .asInt())
        .isEqualTo(-32602);
    assertThat(
            error(served.call("tasks.update", "{\"task_id\": \"999999\", \"priority\": 1}"))
                .get("code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(
            error(served.call("tasks.delete", "{\"task_id\": \"" + other + "\"}"))
                .get("code")
                .asInt())
        .as("the child depends on it")
        .isEqualTo(-32005);

    JsonNode cancelled =
        served.result(
            "tasks.update", "{\"task_id\": \"" + other + "\", \"status\": \"cancelled\"}");
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(status(kid)).as("it required what was cancelled").isEqualTo("pending");

    JsonNode deleted = served.result("tasks.delete", "{\"task_id\": \"" + kid + "\"}");
    assertThat(deleted.get("deleted_count").asInt()).isEqualTo(1);
    assertThat(served.result("tasks.get", "{\"task_id\": \"" + kid + "\"}").isNull()).isTrue();

    served.result("tasks.execute", "{\"task_id\": \"" + root + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(root).equals("completed"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            List.of("completed", "failed", "cancelled").contains(status(tree.get("id").asText())));
    assertThat(
            error(served.call("tasks.update", "{\"task_id\": \"" + other + "\", \"inputs\": {}}"))
                .get("code")
                .asInt())
        .isEqualTo(-32005);
    assertThat(
            error(served.call("tasks.delete", "{\"task_id\": \"" + other + "\"}"))
                .get("code")
                .asInt())
        .isEqualTo(-32005);
  }

  @Test
  void readsOfTreesListsChildrenAndRunningTasks() {
    JsonNode tree = served.result("tasks.create", TREE);
    String run = tree.get("id").asText();
    String root = child(tree, "Root Task").get("id").asText();

    assertThat(served.result("tasks.tree", "{\"task_id\": \"" + root + "\"}").get("id").asText())
        .isEqualTo(run);
    assertThat(served.result("tasks.children", "{\"parent_id\": \"" + root + "\"}")).hasSize(2);
    assertThat(served.result("tasks.list", "{\"root_only\": true}").get(0).get("id").asText())
        .isEqualTo(run);
    assertThat(served.result("tasks.list", "{\"status\": \"pending\", \"limit\": 2}")).hasSize(2);
    assertThat(served.result("tasks.list", "{\"offset\": 2}")).hasSize(1);
    assertThat(
            error(served.call("tasks.list", "{\"status\": \"sideways\"}"))
                .at("/data/field")
                .asText())
        .isEqualTo("status");
    assertThat(served.result("tasks.count", "{}").get("count").asInt())
        .isEqualTo(served.result("tasks.list", "{}").size());
    assertThat(served.result("tasks.count", "{\"root_only\": true}").get("count").asInt())
        .isEqualTo(1);
    String ofRun = "{\"run_id\": \"" + run + "\"}";
    assertThat(served.result("tasks.list", ofRun))
        .hasSize(served.result("tasks.count", ofRun).get("count").asInt())
        .allSatisfy(t -> assertThat(t.get("run_id").asText()).isEqualTo(run));
    assertThat(error(served.call("tasks.count", "{\"run_id\": 424242}")).get("code").asInt())
        .isEqualTo(-32004);
    JsonNode detail = served.result("tasks.detail", "{\"task_id\": \"" + root + "\"}");
    assertThat(detail.has("attempt_history")).isTrue();
    assertThat(detail.get("checkpoint").isNull()).isTrue();
    assertThat(served.result("tasks.get", "{\"task_id\": \"424242\"}").isNull()).isTrue();
    assertThat(error(served.call("tasks.tree", "{\"task_id\": \"424242\"}")).get("code").asInt())
        .isEqualTo(-32004);
    assertThat(error(served.call("tasks.get", "{}")).at("/data/field").asText())
        .isEqualTo("task_id");

    assertThat(served.result("tasks.running.count", "{}").get("count").asInt()).isZero();
    assertThat(served.result("tasks.running.list", "{}")).isEmpty();
    JsonNode statuses =
        served.result("tasks.running.status", "{\"task_ids\": [\"" + root + "\", \"424242\"]}");
    assertThat(statuses.get(0).get("status").asText()).isEqualTo("pending");
    assertThat(statuses.get(1).get("status").asText()).isEqualTo("not_found");
  }

  @Test
  void cancelCopyAndExecuteATreeGivenInline() {
    JsonNode sleeping =
        served.result(
            "tasks.execute",
            "{\"tasks\": [{\"name\": \"nap\", \"schemas\": {\"method\": \"sleep\"}, \"inputs\": {\"duration\": \"30s\"}}]}");
    String run = sleeping.get("root_task_id").asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> served.result("tasks.running.count", "{}").get("count").asInt() == 1);
    assertThat(served.result("tasks.running.list", "{}").get(0).get("name").asText())
        .isEqualTo("nap");

    JsonNode cancelled =
        served.result(
            "tasks.cancel",
            "{\"task_ids\": [\"" + run + "\", \"77777\"], \"error_message\": \"enough\"}");
    assertThat(cancelled.get(0).get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get(1).get("status").asText()).isEqualTo("not_found");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(run).equals("cancelled"));

    JsonNode copy =
        served.result("tasks.copy", "{\"task_id\": \"" + run + "\", \"copy_mode\": \"minimal\"}");
    assertThat(copy.get("id").asText()).isNotEqualTo(run);
    assertThat(copy.get("children").get(0).get("original_task_id").asText()).isNotEmpty();
    assertThat(
            error(
                    served.call(
                        "tasks.copy",
                        "{\"task_id\": \"" + run + "\", \"copy_mode\": \"sideways\"}"))
                .at("/data/field")
                .asText())
        .isEqualTo("copy_mode");
    assertThat(
            error(served.call("tasks.copy", "{\"task_id\": \"" + run + "\", \"save\": false}"))
                .at("/data/field")
                .asText())
        .isEqualTo("save");
    assertThat(error(served.call("tasks.execute", "{}")).get("code").asInt()).isEqualTo(-32602);
    served.result("tasks.cancel", "{\"task_ids\": [\"" + copy.get("id").asText() + "\"]}");
  }

  @Test
  void runsAreSubmittedInlineOrByNameAndRetried() {
    JsonNode run =
        served.result(
            "runs.submit", "{\"manifest\": " + Jsons.text(Jsons.tree(HELLO)) + ", \"user\": null}");
    long id = run.get("id").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            served
                .result("runs.get", "{\"run_id\": " + id + "}")
                .get("status")
                .asText()
                .equals("succeeded"));
    JsonNode tasks = served.result("runs.get", "[" + id + "]").get("tasks");
    assertThat(tasks.get(0).get("result").asText()).isEqualTo("hi");
    assertThat(
            served
                .result("tasks.logs", "{\"task_id\": " + tasks.get(0).get("id").asLong() + "}")
                .isArray())
        .isTrue();

    JsonNode stored = served.result("runs.submit", "{\"pipeline\": \"hello\", \"at\": \"1h\"}");
    assertThat(served.result("runs.list", "{\"limit\": 1}").get("runs").get(0).get("id").asLong())
        .isEqualTo(stored.get("id").asLong());
    assertThat(served.result("runs.list", "{}").get("total").asInt()).isEqualTo(2);
    assertThat(
            served
                .result("runs.cancel", "{\"run_id\": " + stored.get("id").asLong() + "}")
                .get("status")
                .asText())
        .isEqualTo("cancelled");
    assertThat(
            served
                .result("runs.retry", "{\"run_id\": " + stored.get("id").asLong() + "}")
                .get("again")
                .asInt())
        .isEqualTo(2);
    served.result("runs.cancel", "{\"run_id\": " + stored.get("id").asLong() + "}");

    assertThat(
            error(served.call("runs.submit", "{\"pipeline\": \"../etc/passwd\"}"))
                .at("/data/field")
                .asText())
        .isEqualTo("pipeline");
    assertThat(error(served.call("runs.submit", "{\"pipeline\": \"nope\"}")).get("code").asInt())
        .isEqualTo(-32004);
    assertThat(error(served.call("runs.submit", "{}")).get("code").asInt()).isEqualTo(-32602);
    assertThat(error(served.call("runs.get", "{\"run_id\": 999999}")).get("code").asInt())
        .isEqualTo(-32004);
    JsonNode invalid =
        error(
            served.call(
                "runs.submit",
                "{\"manifest\": \"weft: 1\\nname: x\\nkind: tasks\\nnodes:\\n  - id: a\\n    type: ecko\\n\"}"));
    assertThat(invalid.get("code").asInt()).isEqualTo(-32006);
    assertThat(invalid.at("/data/problems/0/line").asInt()).isEqualTo(6);
  }

  @Test
  void validateGivesLinesAndColumnsAsTheCommandDoes() {
    JsonNode result =
        served.result(
            "pipelines.validate",
            "{\"manifest\": \"weft: 1\\nname: x\\nkind: tasks\\nnodes:\\n  - id: a\\n    type: ecko\\n  - id: b\\n    type: echo\\n    after: [zz]\\n\", \"name\": \"x.yaml\"}");

    assertThat(result.get("valid").asBoolean()).isFalse();
    assertThat(result.get("problems")).hasSize(2);
    JsonNode first = result.get("problems").get(0);
    assertThat(first.get("file").asText()).isEqualTo("x.yaml");
    assertThat(first.get("line").asInt()).isEqualTo(6);
    assertThat(first.get("column").asInt()).isPositive();
    assertThat(first.get("message").asText()).contains("ecko");
    assertThat(
            served
                .result(
                    "pipelines.validate", "{\"manifest\": " + Jsons.text(Jsons.tree(HELLO)) + "}")
                .get("valid")
                .asBoolean())
        .isTrue();
  }

  @Test
  void schedulesWorkersAndCache() {
    JsonNode added =
        served.result(
            "schedules.add",
            "{\"manifest\": "
                + Jsons.text(Jsons.tree(HELLO))
                + ", \"cron\": \"0 3 * * *\", \"name\": \"nightly\"}");
    assertThat(added.get("name").asText()).isEqualTo("nightly");
    assertThat(served.result("schedules.list", "{}")).hasSize(1);
    assertThat(
            error(
                    served.call(
                        "schedules.add", "{\"manifest\": " + Jsons.text(Jsons.tree(HELLO)) + "}"))
                .at("/data/field")
                .asText())
        .isEqualTo("cron");
    assertThat(
            served.result("schedules.remove", "{\"name\": \"nightly\"}").get("removed").asBoolean())
        .isTrue();
    assertThat(
            error(served.call("schedules.remove", "{\"name\": \"nightly\"}")).get("code").asInt())
        .isEqualTo(-32004);

    JsonNode workers = served.result("workers.list", "{}");
    assertThat(workers).hasSize(1);
    assertThat(
            error(served.call("workers.drain", "{\"worker_id\": \"nobody\"}")).get("code").asInt())
        .isEqualTo(-32004);
    assertThat(served.result("cache.list", "{}").isArray()).isTrue();
    assertThat(served.result("cache.clear", "{\"expired_only\": true}").get("cleared").asInt())
        .isZero();
  }

  private int code(String method, String params) {
    return error(served.call(method, params)).get("code").asInt();
  }

  @Test
  void eachMethodRefusesWhatItCannotDo() {
    JsonNode tree = served.result("tasks.create", TREE);
    String run = tree.get("id").asText();
    String missing = "{\"task_id\": \"987654\"}";

    assertThat(code("tasks.children", "{\"parent_id\": \"987654\"}")).isEqualTo(-32004);
    assertThat(code("tasks.children", "{}")).isEqualTo(-32602);
    assertThat(code("tasks.detail", "{\"task_id\": \"abc\"}")).isEqualTo(-32602);
    assertThat(code("tasks.running.status", "{}")).isEqualTo(-32602);
    assertThat(code("tasks.cancel", "{}")).isEqualTo(-32602);
    assertThat(code("tasks.cancel", "{\"task_ids\": \"1\"}")).isEqualTo(-32602);
    assertThat(code("tasks.delete", missing)).isEqualTo(-32004);
    assertThat(code("tasks.update", "{\"task_id\": \"" + run + "\", \"priority\": 1}"))
        .as("a run's own priority")
        .isEqualTo(-32602);
    assertThat(code("tasks.copy", missing)).isEqualTo(-32004);
    assertThat(code("tasks.copy", "{\"task_id\": \"" + run + "\", \"copy_mode\": \"custom\"}"))
        .isEqualTo(-32602);
    assertThat(code("tasks.copy", "{\"task_id\": \"" + run + "\", \"reset_fields\": [\"name\"]}"))
        .isEqualTo(-32602);
    assertThat(code("tasks.execute", "{\"task_id\": \"" + run + "\", \"tasks\": []}"))
        .isEqualTo(-32602);
    assertThat(code("tasks.execute", missing)).isEqualTo(-32004);
    assertThat(code("tasks.execute", "{\"task_id\": \"" + run + "\", \"webhook_config\": {}}"))
        .isEqualTo(-32602);
    assertThat(code("tasks.list", "{\"limit\": 0}")).isEqualTo(-32602);
    assertThat(code("tasks.list", "{\"bogus\": 1}")).isEqualTo(-32602);
    assertThat(code("tasks.logs", missing)).isEqualTo(-32004);
    assertThat(code("runs.cancel", "{\"run_id\": 987654}")).isEqualTo(-32004);
    assertThat(code("runs.retry", "{\"run_id\": 987654}")).isEqualTo(-32004);
    assertThat(code("runs.submit", "{\"manifest\": \"x\", \"pipeline\": \"hello\"}"))
        .isEqualTo(-32602);
    assertThat(code("runs.submit", "{\"pipeline\": \"hello\", \"at\": \"someday\"}"))
        .isEqualTo(-32602);
    assertThat(code("runs.list", "{\"status\": \"sideways\"}")).isEqualTo(-32602);
    assertThat(code("schedules.add", "{\"pipeline\": \"hello\", \"cron\": \"61 * * * *\"}"))
        .isEqualTo(-32602);
    assertThat(
            code(
                "schedules.add",
                "{\"pipeline\": \"hello\", \"cron\": \"0 3 * * *\", \"zone\": \"Mars/Base\"}"))
        .isEqualTo(-32602);
    assertThat(code("pipelines.validate", "{}")).isEqualTo(-32602);
  }

  @Test
  void theOpenRpcDocumentListsExactlyTheMethodsDispatched() {
    JsonNode doc = served.get("/openrpc.json", null).body();
    Set<String> documented = new HashSet<>();
    doc.get("methods").forEach(m -> documented.add(m.get("name").asText()));

    assertThat(documented).isEqualTo(new HashSet<>(served.server.methodNames()));
    for (String name : documented) {
      assertThat(served.call(name, "{}").path("error").path("code").asInt())
          .as("%s is dispatched", name)
          .isNotEqualTo(-32601);
    }
    assertThat(doc.get("openrpc").asText()).startsWith("1.");
  }

  @Test
  void healthReadinessAndMetrics() {
    assertThat(served.get("/health", null).body().get("status").asText()).isEqualTo("up");
    Served.Reply ready = served.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().get("database").asText()).isEqualTo("up");
    served.result("tasks.list", "{}");
    String metrics = served.get("/metrics", null).text();
    assertThat(metrics)
        .contains(
            "weft_tasks{status=\"ready\"}",
            "weft_queue_depth",
            "weft_workers",
            "weft_rpc_calls_total{method=\"tasks.list\",outcome=\"ok\"}",
            "weft_http_requests_seconds");
  }
}
