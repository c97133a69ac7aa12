package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A2A conformance kit's profile (weft server --a2a-tck-profile): off by default; on, the kit's
 * plain-text messages run built-in pipelines as their messageId asks, Weft work still runs as
 * always, and the card of the version given answers a request that names none.
 */
class A2aTckProfileTest {

  @TempDir Path dir;

  private static JsonNode send(Served served, String messageId, String text, String version) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + (version == null ? "message/send" : "SendMessage")
            + "\",\"params\":{\"message\":{\"messageId\":\""
            + messageId
            + "\",\"role\":\""
            + (version == null ? "user" : "ROLE_USER")
            + "\",\"parts\":[{\"text\":\""
            + text
            + "\"}]},\"configuration\":{\"returnImmediately\":true,\"blocking\":false}}}";
    return version == null
        ? served.post("/a2a", body, new String[0]).body()
        : served.post("/a2a", body, "A2A-Version", version).body();
  }

  @Test
  void offByDefaultTheKitsTextIsAManifestWithProblems() {
    try (Served served = new Served(StoreFixture.Kind.SQLITE, dir, ServerConfig.defaults())) {
      JsonNode reply = send(served, "tck-complete-task-1", "Hello", "1.0");
      assertThat(reply.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(served.get("/.well-known/agent-card.json", null).body().has("supportedInterfaces"))
          .isTrue();
    }
  }

  @Test
  void onTheKitsMessagesRunBuiltInPipelinesAsTheirIdAsks() {
    ServerConfig config = ServerConfig.defaults().withA2aTckProfile("0.3");
    try (Served served = new Served(StoreFixture.Kind.SQLITE, dir, config)) {
      JsonNode card = served.get("/.well-known/agent-card.json", null).body();
      assertThat(card.path("protocolVersion").asText()).isEqualTo("0.3.0");
      assertThat(card.path("url").asText()).endsWith("/a2a");
      assertThat(
              served
                  .get("/.well-known/agent-card.json?A2A-Version=1.0", null)
                  .body()
                  .has("supportedInterfaces"))
          .isTrue();

      String done =
          send(served, "tck-complete-task-1", "Hello", "1.0")
              .path("result")
              .path("task")
              .path("id")
              .asText();
      String data =
          send(served, "tck-artifact-data-1", "Hello", "1.0")
              .path("result")
              .path("task")
              .path("id")
              .asText();
      String working =
          send(served, "tck-input-required-1", "Hi", null).path("result").path("id").asText();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(() ->
              state(served, done).equals("TASK_STATE_COMPLETED")
                  && state(served, data).equals("TASK_STATE_COMPLETED"));
      assertThat(artifact(served, done)).isEqualTo(Jsons.MAPPER.valueToTree("Hello from TCK"));
      assertThat(artifact(served, data).toString()).isEqualTo("{\"key\":\"value\",\"count\":42}");
      assertThat(state(served, working)).isIn("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING");
      served.post(
          "/a2a",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tasks/cancel\",\"params\":{\"id\":\""
              + working
              + "\"}}",
          new String[0]);
      assertThat(state(served, working)).isEqualTo("TASK_STATE_CANCELED");

      JsonNode manifest =
          send(
              served,
              "tck-complete-task-2",
              "weft: 1\\nname: x\\nkind: tasks\\nnodes:\\n  - {id: a, type: nope}\\n",
              "1.0");
      assertThat(manifest.path("error").path("code").asInt())
          .as("a manifest is still one: Weft work is not the kit's")
          .isEqualTo(-32602);
    }
  }

  private static JsonNode task(Served served, String id) {
    return served
        .post(
            "/a2a",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"GetTask\",\"params\":{\"id\":\""
                + id
                + "\"}}",
            "A2A-Version",
            "1.0")
        .body()
        .path("result");
  }

  private static String state(Served served, String id) {
    return task(served, id).path("status").path("state").asText();
  }

  private static JsonNode artifact(Served served, String id) {
    return task(served, id).path("artifacts").get(0).path("parts").get(0).path("data");
  }
}
