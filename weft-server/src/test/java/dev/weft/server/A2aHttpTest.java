package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A2A over JSON-RPC at /a2a of a real server, through plain HTTP: the agent card, every 1.0 method
 * and its errors, the 0.3 names for requests without A2A-Version, and the tokens' scopes.
 */
class A2aHttpTest {

  static final String SUBMIT = "a2a-submit-token-0123456789";
  static final String READ = "a2a-read-token-0123456789";

  static final String SLOW =
      "weft: 1\nname: slow\nkind: tasks\nnodes:\n  - id: pause\n    type: sleep\n"
          + "    with: {duration: 60s}\n";

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), McpHttpTest.HELLO);
    Files.writeString(pipelines.resolve("flaky.yaml"), McpHttpTest.FAILING);
    Files.writeString(pipelines.resolve("slow.yaml"), SLOW);
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults()
                .withPipelines(pipelines)
                .withAuth(
                    List.of(
                        new ServerConfig.Token(SUBMIT, "ada", Set.of("submit")),
                        new ServerConfig.Token(READ, "ada", Set.of("read"))),
                    SecurityTest.SECRET));
  }

  @AfterEach
  void stop() {
    served.close();
  }

  /** A 1.0 call with the submit token: the whole response. */
  private JsonNode call(String method, String params) {
    return call(method, params, SUBMIT, "1.0").body();
  }

  private Served.Reply call(String method, String params, String token, String version) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}";
    List<String> headers = new java.util.ArrayList<>();
    if (token != null) {
      headers.addAll(List.of("Authorization", "Bearer " + token));
    }
    if (version != null) {
      headers.addAll(List.of("A2A-Version", version));
    }
    return served.post("/a2a", body, headers.toArray(String[]::new));
  }

  private static String send(String messageId, String parts, String more) {
    return "{\"message\":{\"messageId\":\""
        + messageId
        + "\",\"role\":\"ROLE_USER\",\"parts\":"
        + parts
        + more
        + "}}";
  }

  private static String pipeline(String name) {
    return "[{\"data\":{\"pipeline\":\"" + name + "\",\"params\":{}}}]";
  }

  private static JsonNode error(JsonNode response, int code) {
    assertThat(response.path("error").path("code").asInt()).as(response.toString()).isEqualTo(code);
    assertThat(response.has("result")).isFalse();
    assertThat(response.toString()).doesNotContain("at dev.weft", "Exception");
    return response.get("error");
  }

  @Test
  void theCardIsPublicAndNamesTheInterfacesSkillsAndBearerScheme() {
    Served.Reply reply = served.get("/.well-known/agent-card.json", null);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode card = reply.body();
    assertThat(card.path("name").asText()).isEqualTo("Weft");
    assertThat(card.path("version").asText()).isEqualTo(WeftServer.version());
    String url = served.uri("/a2a").toString();
    assertThat(card.path("supportedInterfaces").findValuesAsText("protocolVersion"))
        .containsExactly("1.0", "0.3");
    assertThat(card.path("supportedInterfaces").findValuesAsText("url")).containsOnly(url);
    assertThat(card.path("supportedInterfaces").findValuesAsText("protocolBinding"))
        .containsOnly("JSONRPC");
    assertThat(card.has("url")).isFalse();
    assertThat(card.path("capabilities").path("streaming").asBoolean()).isTrue();
    assertThat(card.path("capabilities").path("pushNotifications").asBoolean(true)).isFalse();
    assertThat(card.path("capabilities").path("extendedAgentCard").asBoolean()).isTrue();
    JsonNode bearer = card.path("securitySchemes").path("bearer").path("httpAuthSecurityScheme");
    assertThat(bearer.path("scheme").asText()).isEqualTo("Bearer");
    assertThat(bearer.path("bearerFormat").asText()).isEqualTo("JWT");
    assertThat(card.path("securityRequirements").get(0).path("schemes").has("bearer")).isTrue();
    assertThat(card.path("defaultInputModes").toString()).contains("application/json");
    assertThat(card.path("skills").findValuesAsText("id"))
        .containsExactly("pipeline:flaky", "pipeline:hello", "pipeline:slow", "run-manifest");
    for (JsonNode skill : card.path("skills")) {
      assertThat(skill.path("tags").isEmpty()).isFalse();
      assertThat(skill.path("description").asText()).isNotBlank();
    }
  }

  @Test
  void theCardHasAnEtagThatChangesWithThePipelines() throws Exception {
    java.net.http.HttpResponse<String> first =
        served.client.send(
            java.net.http.HttpRequest.newBuilder(served.uri("/.well-known/agent-card.json"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age");
    java.net.http.HttpResponse<String> again =
        served.client.send(
            java.net.http.HttpRequest.newBuilder(served.uri("/.well-known/agent-card.json"))
                .header("If-None-Match", etag)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    Files.writeString(dir.resolve("pipelines").resolve("more.yaml"), McpHttpTest.HELLO);
    java.net.http.HttpResponse<String> changed =
        served.client.send(
            java.net.http.HttpRequest.newBuilder(served.uri("/.well-known/agent-card.json"))
                .header("If-None-Match", etag)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("pipeline:more");
    assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
  }

  @Test
  void a03ClientAsksForThe03Card() {
    String url = served.uri("/a2a").toString();
    for (Served.Reply reply :
        List.of(
            served.get("/.well-known/agent-card.json?A2A-Version=0.3", null),
            served.send(
                java.net.http.HttpRequest.newBuilder(served.uri("/.well-known/agent-card.json"))
                    .header("A2A-Version", "0.3")
                    .build()))) {
      JsonNode card = reply.body();
      assertThat(card.path("protocolVersion").asText()).isEqualTo("0.3.0");
      assertThat(card.path("url").asText()).isEqualTo(url);
      assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
      assertThat(card.has("supportedInterfaces")).isFalse();
      JsonNode bearer = card.path("securitySchemes").path("bearer");
      assertThat(bearer.path("type").asText()).isEqualTo("http");
      assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
      assertThat(card.path("security").get(0).has("bearer")).isTrue();
      assertThat(card.path("supportsAuthenticatedExtendedCard").asBoolean()).isTrue();
      assertThat(card.path("skills").findValuesAsText("id")).contains("pipeline:hello");
    }
    Served.Reply unknown = served.get("/.well-known/agent-card.json?A2A-Version=9.9", null);
    assertThat(unknown.status()).isEqualTo(400);
    error(unknown.body(), -32009);
  }

  @Test
  void aServerWithoutAuthDeclaresNoSchemeAndHasNoExtendedCard() throws Exception {
    served.close();
    Path pipelines = Files.createDirectories(dir.resolve("none"));
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir.resolve("open"),
            ServerConfig.defaults().withPipelines(pipelines));
    JsonNode card = served.get("/.well-known/agent-card.json", null).body();
    assertThat(card.has("securitySchemes")).isFalse();
    assertThat(card.path("capabilities").path("extendedAgentCard").asBoolean(true)).isFalse();
    assertThat(card.path("skills").findValuesAsText("id")).containsExactly("run-manifest");
    error(call("GetExtendedAgentCard", "{}", null, "1.0").body(), -32007);
  }

  @Test
  void theExtendedCardNeedsAToken() {
    JsonNode card = call("GetExtendedAgentCard", "{}").path("result");
    assertThat(card.path("skills").findValuesAsText("id")).contains("pipeline:hello");
    Served.Reply anonymous = call("GetExtendedAgentCard", "{}", null, "1.0");
    assertThat(anonymous.status()).isEqualTo(401);
    error(anonymous.body(), -32000);
  }

  @Test
  void sendMessageRunsAStoredPipelineToTheEnd() {
    JsonNode response =
        call("SendMessage", send("m-1", pipeline("hello"), ",\"contextId\":\"ctx-42\""));
    assertThat(response.path("id").asInt()).isEqualTo(7);
    JsonNode task = response.path("result").path("task");
    assertThat(task.path("id").asText()).matches("\\d+");
    assertThat(task.path("contextId").asText()).isEqualTo("ctx-42");
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
    assertThat(task.path("status").path("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(task.path("artifacts").findValuesAsText("name")).containsExactly("greet", "after");
    JsonNode part = task.path("artifacts").get(0).path("parts").get(0);
    assertThat(part.has("kind")).isFalse();
    assertThat(part.path("data").isMissingNode()).isFalse();
    JsonNode history = task.path("history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("messageId").asText()).isEqualTo("m-1");
    assertThat(history.get(0).path("role").asText()).isEqualTo("ROLE_USER");
    assertThat(history.get(0).path("parts").get(0).path("data").path("pipeline").asText())
        .isEqualTo("hello");
    // The task is the run: the JSON-RPC API sees the same one.
    JsonNode run =
        served.result("runs.get", "{\"run_id\":" + task.path("id").asText() + "}", SUBMIT);
    assertThat(run.path("pipeline").asText()).isEqualTo("hello");
  }

  @Test
  void aManifestMayComeInADataPartOrATextPart() {
    String manifest = McpHttpTest.HELLO.replace("\n", "\\n");
    JsonNode inData =
        call("SendMessage", send("m-d", "[{\"data\":{\"manifest\":\"" + manifest + "\"}}]", ""));
    assertThat(inData.path("result").path("task").path("status").path("state").asText())
        .isEqualTo("TASK_STATE_COMPLETED");
    JsonNode inText = call("SendMessage", send("m-t", "[{\"text\":\"" + manifest + "\"}]", ""));
    JsonNode task = inText.path("result").path("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
    assertThat(task.path("contextId").asText()).isEqualTo("run-" + task.path("id").asText());
  }

  @Test
  void aFailedRunIsAFailedTaskWithItsError() {
    JsonNode task =
        call("SendMessage", send("m-f", pipeline("flaky"), "")).path("result").path("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_FAILED");
    JsonNode message = task.path("status").path("message");
    assertThat(message.path("role").asText()).isEqualTo("ROLE_AGENT");
    assertThat(message.path("parts").get(0).path("text").asText()).isNotBlank();
  }

  @Test
  void returnImmediatelyAnswersBeforeTheRunEndsAndCancelTaskStopsIt() {
    JsonNode task =
        call(
                "SendMessage",
                "{\"message\":{\"messageId\":\"m-s\",\"role\":\"ROLE_USER\",\"parts\":"
                    + pipeline("slow")
                    + "},\"configuration\":{\"returnImmediately\":true}}")
            .path("result")
            .path("task");
    assertThat(task.path("status").path("state").asText())
        .isIn("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING");
    String id = task.path("id").asText();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            call("GetTask", "{\"id\":\"" + id + "\"}")
                .path("result")
                .path("status")
                .path("state")
                .asText()
                .equals("TASK_STATE_WORKING"));
    JsonNode cancelled = call("CancelTask", "{\"id\":\"" + id + "\"}").path("result");
    assertThat(cancelled.path("id").asText()).isEqualTo(id);
    assertThat(cancelled.path("status").path("state").asText()).isEqualTo("TASK_STATE_CANCELED");
    JsonNode again = error(call("CancelTask", "{\"id\":\"" + id + "\"}"), -32002);
    assertThat(again.path("message").asText()).contains(id);
  }

  @Test
  void getTaskHonoursHistoryLengthAndAnswersUnknownIdsWithTaskNotFound() {
    String id =
        call("SendMessage", send("m-g", pipeline("hello"), ""))
            .path("result")
            .path("task")
            .path("id")
            .asText();
    JsonNode task = call("GetTask", "{\"id\":\"" + id + "\",\"historyLength\":0}").path("result");
    assertThat(task.path("history")).isEmpty();
    assertThat(task.path("artifacts")).hasSize(2);
    error(call("GetTask", "{\"id\":\"999999\"}"), -32001);
    error(call("GetTask", "{\"id\":\"not-a-number\"}"), -32001);
    error(call("CancelTask", "{\"id\":\"999999\"}"), -32001);
    JsonNode missing = error(call("GetTask", "{}"), -32602);
    assertThat(missing.path("data").get(0).path("fieldViolations").get(0).path("field").asText())
        .isEqualTo("id");
    error(call("GetTask", "{\"id\":\"" + id + "\",\"historyLength\":-1}"), -32602);
  }

  @Test
  void listTasksPagesAndFilters() {
    for (int i = 0; i < 3; i++) {
      call("SendMessage", send("m-l" + i, pipeline("hello"), ",\"contextId\":\"ctx-l\""));
    }
    call("SendMessage", send("m-lf", pipeline("flaky"), ""));
    JsonNode first = call("ListTasks", "{\"pageSize\":3}").path("result");
    assertThat(first.path("tasks")).hasSize(3);
    assertThat(first.path("totalSize").asInt()).isEqualTo(4);
    assertThat(first.path("pageSize").asInt()).isEqualTo(3);
    String token = first.path("nextPageToken").asText();
    assertThat(token).isNotEmpty();
    JsonNode second =
        call("ListTasks", "{\"pageSize\":3,\"pageToken\":\"" + token + "\"}").path("result");
    assertThat(second.path("tasks")).hasSize(1);
    assertThat(second.path("nextPageToken").asText()).isEmpty();
    assertThat(first.path("tasks").get(0).has("artifacts")).isFalse();
    JsonNode failed =
        call("ListTasks", "{\"status\":\"TASK_STATE_FAILED\",\"includeArtifacts\":true}")
            .path("result");
    assertThat(failed.path("totalSize").asInt()).isEqualTo(1);
    assertThat(failed.path("tasks").get(0).has("artifacts")).isTrue();
    JsonNode context = call("ListTasks", "{\"contextId\":\"ctx-l\"}").path("result");
    assertThat(context.path("tasks").findValuesAsText("contextId")).containsOnly("ctx-l");
    assertThat(context.path("totalSize").asInt()).isEqualTo(3);
    error(call("ListTasks", "{\"pageSize\":0}"), -32602);
    error(call("ListTasks", "{\"pageToken\":\"abc\"}"), -32602);
    error(call("ListTasks", "{\"status\":\"TASK_STATE_NAPPING\"}"), -32602);
  }

  @Test
  void badMessagesGetTheSpecificationsErrorsNamingTheField() {
    JsonNode unknown = error(call("SendMessage", send("m-u", pipeline("helo"), "")), -32602);
    assertThat(unknown.path("message").asText()).contains("hello");
    assertThat(unknown.path("data").get(0).path("fieldViolations").get(0).path("field").asText())
        .isEqualTo("message.parts[0].data.pipeline");
    JsonNode noParts = error(call("SendMessage", send("m-n", "[]", "")), -32602);
    assertThat(noParts.path("message").asText()).contains("message.parts");
    error(call("SendMessage", "{}"), -32602);
    error(
        call("SendMessage", "{\"message\":{\"role\":\"ROLE_USER\",\"parts\":[{\"text\":\"x\"}]}}"),
        -32602);
    JsonNode file =
        error(call("SendMessage", send("m-x", "[{\"url\":\"http://x/a.wav\"}]", "")), -32005);
    assertThat(file.path("message").asText()).contains("message.parts[0]");
    JsonNode bad =
        error(call("SendMessage", send("m-b", "[{\"text\":\"weft: 1\\nname: [\"}]", "")), -32602);
    assertThat(bad.path("message").asText()).isNotBlank();
    JsonNode nothing =
        error(call("SendMessage", send("m-o", "[{\"data\":{\"x\":1}}]", "")), -32602);
    assertThat(nothing.path("message").asText()).contains("pipeline");
    String shell =
        "weft: 1\nname: sh\nkind: tasks\nnodes:\n  - id: s\n    type: shell\n"
            + "    with: {command: [id]}\n";
    JsonNode refused =
        error(
            call(
                "SendMessage",
                send(
                    "m-sh",
                    "[{\"data\":{\"manifest\":" + Jsons.text(Jsons.tree(shell)) + "}}]",
                    "")),
            -32004);
    assertThat(refused.path("message").asText()).contains("allow-shell");
    String id =
        call("SendMessage", send("m-k", pipeline("hello"), ""))
            .path("result")
            .path("task")
            .path("id")
            .asText();
    error(
        call("SendMessage", send("m-k2", pipeline("hello"), ",\"taskId\":\"" + id + "\"")), -32004);
    error(call("SendMessage", send("m-k3", pipeline("hello"), ",\"taskId\":\"424242\"")), -32001);
  }

  @Test
  void withoutAWebhookSecretPushConfigsAreNotSupported() {
    for (String method :
        List.of(
            "CreateTaskPushNotificationConfig",
            "GetTaskPushNotificationConfig",
            "ListTaskPushNotificationConfigs",
            "DeleteTaskPushNotificationConfig")) {
      error(call(method, "{\"taskId\":\"1\"}"), -32003);
    }
  }

  @Test
  void withoutTheHeaderTheRequestSpeaks03() {
    String message =
        "{\"message\":{\"kind\":\"message\",\"messageId\":\"m-03\",\"role\":\"user\",\"parts\":"
            + "[{\"kind\":\"data\",\"data\":{\"pipeline\":\"hello\"}}]}}";
    JsonNode task = call("message/send", message, SUBMIT, null).body().path("result");
    assertThat(task.path("kind").asText()).isEqualTo("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("completed");
    assertThat(task.path("artifacts").get(0).path("parts").get(0).path("kind").asText())
        .isEqualTo("data");
    assertThat(task.path("history").get(0).path("role").asText()).isEqualTo("user");
    String id = task.path("id").asText();
    JsonNode got = call("tasks/get", "{\"id\":\"" + id + "\"}", SUBMIT, "0.3").body();
    assertThat(got.path("result").path("id").asText()).isEqualTo(id);
    error(call("tasks/cancel", "{\"id\":\"" + id + "\"}", SUBMIT, null).body(), -32002);
    JsonNode notFound = error(call("tasks/get", "{\"id\":\"999\"}", SUBMIT, null).body(), -32001);
    assertThat(notFound.path("data").path("field").asText()).isEqualTo("id");
    JsonNode wrongVersion = error(call("SendMessage", message, SUBMIT, null).body(), -32601);
    assertThat(wrongVersion.path("message").asText()).contains("A2A-Version: 1.0");
    JsonNode old = error(call("message/send", message, SUBMIT, "1.0").body(), -32601);
    assertThat(old.path("message").asText()).contains("A2A-Version: 0.3");
  }

  @Test
  void anUnknownVersionIsRefused() {
    JsonNode e = error(call("GetTask", "{\"id\":\"1\"}", SUBMIT, "2.0").body(), -32009);
    assertThat(e.path("message").asText()).contains("1.0", "0.3");
    assertThat(
            call("GetTask", "{\"id\":\"1\"}", SUBMIT, "1.0.1")
                .body()
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32001);
  }

  @Test
  void malformedRequestsGetJsonRpcErrors() {
    Served.Reply notJson = served.post("/a2a", "{nope", "Authorization", "Bearer " + SUBMIT);
    error(notJson.body(), -32700);
    error(served.post("/a2a", "[]", "Authorization", "Bearer " + SUBMIT).body(), -32600);
    error(
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"GetTask\"}",
                "Authorization",
                "Bearer " + SUBMIT,
                "A2A-Version",
                "1.0")
            .body(),
        -32600);
    error(
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"2.0\",\"id\":{\"bad\":1},\"method\":\"GetTask\"}",
                "Authorization",
                "Bearer " + SUBMIT,
                "A2A-Version",
                "1.0")
            .body(),
        -32600);
    // Without an id the request is still answered (with id null), not dropped.
    JsonNode noId =
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"2.0\",\"method\":\"Nope\"}",
                "Authorization",
                "Bearer " + SUBMIT,
                "A2A-Version",
                "1.0")
            .body();
    error(noId, -32601);
    assertThat(noId.get("id").isNull()).isTrue();
    error(
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":[1]}",
                "Authorization",
                "Bearer " + SUBMIT,
                "A2A-Version",
                "1.0")
            .body(),
        -32602);
    error(call("Nope", "{}"), -32601);
    Served.Reply text =
        served.send(
            java.net.http.HttpRequest.newBuilder(served.uri("/a2a"))
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + SUBMIT)
                .header("A2A-Version", "1.0")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\"}"))
                .build());
    assertThat(error(text.body(), -32005).path("message").asText()).contains("application/json");
  }

  @Test
  void theTokensScopesApply() throws Exception {
    Served.Reply none = call("GetTask", "{\"id\":\"1\"}", null, "1.0");
    assertThat(none.status()).isEqualTo(401);
    assertThat(error(none.body(), -32000).path("message").asText()).contains("Unauthorized");
    Served.Reply bad = call("GetTask", "{\"id\":\"1\"}", "wrong-token-0123456789", "1.0");
    assertThat(bad.status()).isEqualTo(401);
    Served.Reply readOnly = call("SendMessage", send("m-r", pipeline("hello"), ""), READ, "1.0");
    assertThat(readOnly.status()).isEqualTo(403);
    assertThat(error(readOnly.body(), -32000).path("message").asText()).contains("submit");
    String id =
        call("SendMessage", send("m-w", pipeline("hello"), ""))
            .path("result")
            .path("task")
            .path("id")
            .asText();
    JsonNode read = call("GetTask", "{\"id\":\"" + id + "\"}", READ, "1.0").body();
    assertThat(read.path("result").path("id").asText()).isEqualTo(id);
    assertThat(call("ListTasks", "{}", READ, "1.0").body().path("result").path("totalSize").asInt())
        .isEqualTo(1);
    String jwt = SecurityTest.jwt(SecurityTest.SECRET, "{\"sub\":\"ada\",\"scope\":\"read\"}");
    assertThat(call("GetTask", "{\"id\":\"" + id + "\"}", jwt, "1.0").status()).isEqualTo(200);
  }
}
