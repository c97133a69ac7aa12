package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A2A push notifications of a real server to a real HTTP receiver, on each database: configs made
 * with a message and with the push-config methods, in 1.0 and 0.3, delivered as Weft webhooks
 * (token, authentication, retries, recorded deliveries), kept across a restart; and their errors.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class A2aPushTest {

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private Served served;
  private WebhooksTest.Receiver receiver;

  private ServerConfig config() {
    return ServerConfig.defaults()
        .withPipelines(dir.resolve("pipelines"))
        .withWebhooks(WebhooksTest.SECRET, Duration.ofMillis(50));
  }

  @BeforeEach
  void start() throws IOException {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), McpHttpTest.HELLO);
    Files.writeString(pipelines.resolve("slow.yaml"), A2aHttpTest.SLOW);
    receiver = new WebhooksTest.Receiver(503, 200); // the first call fails: it is made again
    served = new Served(kind, dir, config());
  }

  @AfterEach
  void stop() {
    served.close();
    receiver.close();
  }

  private JsonNode call(String method, String params, String version) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + method + "\",\"params\":" + params + "}";
    List<String> headers = new ArrayList<>();
    if (version != null) {
      headers.addAll(List.of("A2A-Version", version));
    }
    return served.post("/a2a", body, headers.toArray(String[]::new)).body();
  }

  private static JsonNode result(JsonNode response) {
    assertThat(response.has("result")).as(response.toString()).isTrue();
    return response.get("result");
  }

  private static JsonNode error(JsonNode response, int code, String field) {
    assertThat(response.path("error").path("code").asInt()).as(response.toString()).isEqualTo(code);
    assertThat(response.toString()).doesNotContain("Exception", "at dev.weft");
    if (field != null) {
      assertThat(response.path("error").toString()).contains("\"" + field + "\"");
    }
    return response.get("error");
  }

  private static String message(String id, String pipeline, String role, String extra) {
    return "{\"message\":{\"messageId\":\""
        + id
        + "\",\"role\":\""
        + role
        + "\",\"contextId\":\"ctx-"
        + id
        + "\",\"parts\":[{\"data\":{\"pipeline\":\""
        + pipeline
        + "\"}}]}"
        + extra
        + "}";
  }

  private List<JsonNode> bodies() throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (WebhooksTest.Receiver.Call c : receiver.calls) {
      bodies.add(c.json());
    }
    return bodies;
  }

  @Test
  void aConfigSentWithA10MessageGetsEachStateChangeAsAStreamResponseWithItsAuth() throws Exception {
    JsonNode card = served.get("/.well-known/agent-card.json", null).body();
    assertThat(card.path("capabilities").path("pushNotifications").asBoolean()).isTrue();

    String push =
        ",\"configuration\":{\"taskPushNotificationConfig\":{\"id\":\"p-1\",\"url\":\""
            + receiver.url()
            + "\",\"token\":\"tok-1\",\"authentication\":{\"scheme\":\"Bearer\","
            + "\"credentials\":\"secret-1\"}}}";
    JsonNode task =
        result(call("SendMessage", message("m-1", "hello", "ROLE_USER", push), "1.0")).path("task");
    String id = task.path("id").asText();
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bodies().stream().anyMatch(b -> state(b).equals("TASK_STATE_COMPLETED")));
    List<WebhooksTest.Receiver.Call> calls = receiver.calls;
    assertThat(calls.getFirst().answered()).as("the first try failed").isEqualTo(503);
    for (WebhooksTest.Receiver.Call c : calls) {
      assertThat(c.method()).isEqualTo("POST");
      assertThat(c.header("X-A2A-Notification-Token")).isEqualTo("tok-1");
      assertThat(c.header("Authorization")).isEqualTo("Bearer secret-1");
      assertThat(c.header("X-Weft-Signature")).isEqualTo(WebhooksTest.hmac(c.body()));
      JsonNode update = c.json().path("statusUpdate");
      assertThat(update.path("taskId").asText()).isEqualTo(id);
      assertThat(update.path("contextId").asText()).isEqualTo("ctx-m-1");
    }
    assertThat(bodies())
        .extracting(A2aPushTest::state)
        .as("the run's changes only, in order; the first made again after its 503")
        .containsExactly("TASK_STATE_WORKING", "TASK_STATE_WORKING", "TASK_STATE_COMPLETED");

    await() // the receiver saw the last call just before the server recorded its answer
        .atMost(Duration.ofSeconds(10))
        .until(() -> !served.result("webhooks.list", "{}").toString().contains("\"pending\""));
    JsonNode deliveries = served.result("webhooks.list", "{}");
    assertThat(deliveries).hasSize(2);
    for (JsonNode d : deliveries) {
      assertThat(d.path("hook").asText()).isEqualTo("a2a:p-1");
      assertThat(d.path("run_id").asText()).isEqualTo(id);
      assertThat(d.path("state").asText()).isEqualTo("delivered");
    }
    JsonNode listed =
        result(call("ListTaskPushNotificationConfigs", "{\"taskId\":\"" + id + "\"}", "1.0"));
    assertThat(listed.path("configs")).hasSize(1);
    assertThat(listed.path("configs").get(0).path("url").asText()).isEqualTo(receiver.url());
    assertThat(listed.path("configs").get(0).path("authentication").path("scheme").asText())
        .isEqualTo("Bearer");
  }

  private static String state(JsonNode body) {
    return body.path("statusUpdate").path("status").path("state").asText();
  }

  @Test
  void a03ConfigSetOnARunningTaskGetsTheTaskWhenItIsCancelledAndSurvivesARestart()
      throws Exception {
    receiver.answers = List.of(200);
    JsonNode task =
        result(
            call(
                "message/send",
                message("m-2", "slow", "user", ",\"configuration\":{\"blocking\":false}"),
                null));
    String id = task.path("id").asText();
    String set =
        "{\"taskId\":\""
            + id
            + "\",\"pushNotificationConfig\":{\"url\":\""
            + receiver.url()
            + "\",\"token\":\"tok-2\",\"authentication\":{\"schemes\":[\"Basic\"],"
            + "\"credentials\":\"YTpi\"}}}";
    JsonNode made = result(call("tasks/pushNotificationConfig/set", set, null));
    assertThat(made.path("taskId").asText()).isEqualTo(id);
    assertThat(made.path("pushNotificationConfig").path("id").asText())
        .as("0.3's SDKs name a config without an id by its task")
        .isEqualTo(id);
    assertThat(result(call("tasks/pushNotificationConfig/get", "{\"id\":\"" + id + "\"}", null)))
        .isEqualTo(made);

    served = served.restart(config());
    assertThat(result(call("tasks/pushNotificationConfig/list", "{\"id\":\"" + id + "\"}", null)))
        .as("kept in the store")
        .containsExactly(made);
    JsonNode again = result(call("tasks/get", "{\"id\":\"" + id + "\"}", null));
    assertThat(again.path("contextId").asText())
        .as("the contextId outlives it")
        .isEqualTo("ctx-m-2");
    assertThat(again.path("history").get(0).path("messageId").asText()).isEqualTo("m-2");

    result(call("tasks/cancel", "{\"id\":\"" + id + "\"}", null));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            bodies().stream()
                .anyMatch(b -> b.path("status").path("state").asText().equals("canceled")));
    JsonNode last = receiver.calls.getLast().json();
    assertThat(last.path("kind").asText()).isEqualTo("task");
    assertThat(last.path("id").asText()).isEqualTo(id);
    assertThat(last.path("contextId").asText()).as("kept in the store").isEqualTo("ctx-m-2");
    assertThat(receiver.calls.getLast().header("X-A2A-Notification-Token")).isEqualTo("tok-2");
    assertThat(receiver.calls.getLast().header("Authorization")).isEqualTo("Basic YTpi");
  }

  @Test
  void pushConfigMethodsCheckTheTaskTheUrlAndTheConfigAndDeleteIsIdempotent() {
    String id =
        result(call("SendMessage", message("m-3", "hello", "ROLE_USER", ""), "1.0"))
            .path("task")
            .path("id")
            .asText();
    String url = receiver.url();

    error(
        call(
            "CreateTaskPushNotificationConfig",
            "{\"taskId\":\"424242\",\"url\":\"" + url + "\"}",
            "1.0"),
        -32001,
        null);
    error(call("ListTaskPushNotificationConfigs", "{\"taskId\":\"424242\"}", "1.0"), -32001, null);
    for (String bad :
        List.of("ftp://example.com/x", "file:///etc/passwd", "/relative", "http://u:p@host/x")) {
      error(
          call(
              "CreateTaskPushNotificationConfig",
              "{\"taskId\":\"" + id + "\",\"url\":\"" + bad + "\"}",
              "1.0"),
          -32602,
          "url");
    }
    error(
        call("CreateTaskPushNotificationConfig", "{\"taskId\":\"" + id + "\"}", "1.0"),
        -32602,
        "url");
    error(
        call(
            "CreateTaskPushNotificationConfig",
            "{\"taskId\":\"" + id + "\",\"url\":\"" + url + "\",\"authentication\":{}}",
            "1.0"),
        -32602,
        "authentication.scheme");
    error(
        call(
            "tasks/pushNotificationConfig/set",
            "{\"taskId\":\"" + id + "\",\"pushNotificationConfig\":{\"url\":\"gopher://x\"}}",
            null),
        -32602,
        "pushNotificationConfig.url");
    error(
        call(
            "SendMessage",
            message(
                "m-4",
                "hello",
                "ROLE_USER",
                ",\"configuration\":{\"taskPushNotificationConfig\":{\"url\":\"ws://x\"}}"),
            "1.0"),
        -32602,
        "configuration.taskPushNotificationConfig.url");

    // The proto's field names are taken too (task_id), as ProtoJSON says.
    JsonNode made =
        result(
            call(
                "CreateTaskPushNotificationConfig",
                "{\"task_id\":\"" + id + "\",\"url\":\"" + url + "\"}",
                "1.0"));
    String configId = made.path("id").asText();
    assertThat(configId).isNotBlank();
    assertThat(made.path("taskId").asText()).isEqualTo(id);
    String both = "{\"taskId\":\"" + id + "\",\"id\":\"" + configId + "\"}";
    assertThat(result(call("GetTaskPushNotificationConfig", both, "1.0"))).isEqualTo(made);

    assertThat(result(call("DeleteTaskPushNotificationConfig", both, "1.0"))).isEmpty();
    assertThat(result(call("DeleteTaskPushNotificationConfig", both, "1.0")))
        .as("idempotent")
        .isEmpty();
    assertThat(
            result(call("ListTaskPushNotificationConfigs", "{\"taskId\":\"" + id + "\"}", "1.0"))
                .path("configs"))
        .isEmpty();
    error(call("GetTaskPushNotificationConfig", both, "1.0"), -32001, "id");
    error(
        call(
            "tasks/pushNotificationConfig/get",
            "{\"id\":\"" + id + "\",\"pushNotificationConfigId\":\"nope\"}",
            null),
        -32001,
        null);
  }

  @Test
  void aServerWithoutAWebhookSecretSaysItHasNoPushNotifications() {
    served = served.restart(ServerConfig.defaults().withPipelines(dir.resolve("pipelines")));
    JsonNode card = served.get("/.well-known/agent-card.json", null).body();
    assertThat(card.path("capabilities").path("pushNotifications").asBoolean(true)).isFalse();
    JsonNode e =
        error(
            call(
                "CreateTaskPushNotificationConfig",
                "{\"taskId\":\"1\",\"url\":\"http://h/\"}",
                "1.0"),
            -32003,
            null);
    assertThat(e.toString()).contains("webhook-secret");
    error(
        call(
            "SendMessage",
            message(
                "m-5",
                "hello",
                "ROLE_USER",
                ",\"configuration\":{\"taskPushNotificationConfig\":{\"url\":\"http://h/\"}}"),
            "1.0"),
        -32003,
        null);
  }
}
