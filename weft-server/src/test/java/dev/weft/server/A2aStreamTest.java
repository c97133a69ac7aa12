package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A2A streaming at /a2a of a real server, read as Server-Sent Events with java.net.http:
 * SendStreamingMessage and SubscribeToTask in 1.0, message/stream and tasks/resubscribe in 0.3, and
 * their errors.
 */
@Timeout(60) // a stream that never ends fails the test instead of hanging the build
class A2aStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), McpHttpTest.HELLO);
    Files.writeString(pipelines.resolve("flaky.yaml"), McpHttpTest.FAILING);
    Files.writeString(pipelines.resolve("slow.yaml"), A2aHttpTest.SLOW);
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults()
                .withPipelines(pipelines)
                .withAuth(
                    List.of(
                        new ServerConfig.Token(A2aHttpTest.SUBMIT, "ada", Set.of("submit")),
                        new ServerConfig.Token(A2aHttpTest.READ, "ada", Set.of("read"))),
                    SecurityTest.SECRET));
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private Sse stream(String method, String params, String version) throws Exception {
    return stream(method, params, version, A2aHttpTest.SUBMIT);
  }

  private Sse stream(String method, String params, String version, String token) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\""
            + method
            + "\",\"params\":"
            + params
            + "}";
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (version != null) {
      headers.put("A2A-Version", version);
    }
    return Sse.post(served.client, served.uri("/a2a"), body, headers);
  }

  private static String message(String id, String pipeline, String role, String more) {
    return "{\"message\":{\"messageId\":\""
        + id
        + "\",\"role\":\""
        + role
        + "\",\"parts\":[{\"data\":{\"pipeline\":\""
        + pipeline
        + "\",\"params\":{}}}]}"
        + more
        + "}";
  }

  /** The results of every response of the stream, which each answer request s-1. */
  private static List<JsonNode> results(Sse sse) throws Exception {
    assertThat(sse.response.statusCode()).isEqualTo(200);
    assertThat(sse.response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<JsonNode> results = new ArrayList<>();
    for (Sse.Message m : sse.rest()) {
      JsonNode response = JSON.readTree(m.data());
      assertThat(response.path("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(response.path("id").asText()).isEqualTo("s-1");
      assertThat(response.has("error")).as(response.toString()).isFalse();
      results.add(response.get("result"));
    }
    return results;
  }

  private static JsonNode error(Sse sse, int code) throws Exception {
    assertThat(sse.response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode response = JSON.readTree(sse.response.body().readAllBytes());
    assertThat(response.path("error").path("code").asInt()).as(response.toString()).isEqualTo(code);
    assertThat(response.toString()).doesNotContain("at dev.weft", "Exception");
    return response.get("error");
  }

  @Test
  void aStreamedMessageRunsThePipelineToTheEndWithItsUpdatesInOrder() throws Exception {
    List<JsonNode> results;
    try (Sse sse =
        stream("SendStreamingMessage", message("m-s1", "hello", "ROLE_USER", ""), "1.0")) {
      results = results(sse);
    }
    JsonNode task = results.get(0).get("task");
    assertThat(task).as(results.get(0).toString()).isNotNull();
    String id = task.path("id").asText();
    assertThat(task.path("status").path("state").asText())
        .isIn("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING");
    List<JsonNode> statuses = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    long lastEvent = 0;
    for (JsonNode result : results.subList(1, results.size())) {
      JsonNode update =
          result.has("statusUpdate") ? result.get("statusUpdate") : result.get("artifactUpdate");
      assertThat(update).as(result.toString()).isNotNull();
      assertThat(update.path("taskId").asText()).isEqualTo(id);
      assertThat(update.path("contextId").asText()).isEqualTo(task.path("contextId").asText());
      assertThat(update.has("kind") || update.has("final")).isFalse();
      long event = update.path("metadata").path("weft").path("eventId").asLong();
      assertThat(event).isGreaterThanOrEqualTo(lastEvent);
      lastEvent = event;
      if (result.has("statusUpdate")) {
        statuses.add(update.get("status"));
      } else {
        artifacts.add(update.path("artifact").path("name").asText());
        assertThat(update.path("artifact").path("parts").get(0).has("data")).isTrue();
      }
    }
    List<String> states = statuses.stream().map(s -> s.path("state").asText()).toList();
    assertThat(states.getLast()).isEqualTo("TASK_STATE_COMPLETED");
    assertThat(states.subList(0, states.size() - 1)).containsOnly("TASK_STATE_WORKING");
    List<String> notes =
        statuses.stream()
            .map(s -> s.path("message").path("parts").path(0).path("text").asText())
            .toList();
    assertThat(notes).containsSubsequence("greet: running", "greet: succeeded", "after: succeeded");
    assertThat(artifacts).containsExactly("greet", "after");
  }

  @Test
  void in03TheStreamSpeaks03AndItsLastUpdateIsFinal() throws Exception {
    List<JsonNode> results;
    try (Sse sse = stream("message/stream", message("m-s2", "flaky", "user", ""), null)) {
      results = results(sse);
    }
    assertThat(results.get(0).path("kind").asText()).isEqualTo("task");
    JsonNode last = results.getLast();
    assertThat(last.path("kind").asText()).isEqualTo("status-update");
    assertThat(last.path("final").asBoolean()).isTrue();
    assertThat(last.path("status").path("state").asText()).isEqualTo("failed");
    assertThat(last.path("status").path("message").path("parts").get(0).path("kind").asText())
        .isEqualTo("text");
    for (JsonNode result : results.subList(1, results.size() - 1)) {
      assertThat(result.path("kind").asText()).isIn("status-update", "artifact-update");
      assertThat(result.path("final").asBoolean()).isFalse();
    }
  }

  @Test
  void aSubscriberFollowsARunningTasksProgressUntilItIsCancelled() throws Exception {
    JsonNode sent =
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":"
                    + message(
                        "m-s3",
                        "slow",
                        "ROLE_USER",
                        ",\"configuration\":{\"returnImmediately\":true}")
                    + "}",
                "Authorization",
                "Bearer " + A2aHttpTest.SUBMIT,
                "A2A-Version",
                "1.0")
            .body();
    String id = sent.path("result").path("task").path("id").asText();
    // Following a task needs only the read scope.
    try (Sse sse = stream("SubscribeToTask", "{\"id\":\"" + id + "\"}", "1.0", A2aHttpTest.READ)) {
      Sse.Message first = sse.next();
      JsonNode task = JSON.readTree(first.data()).path("result").path("task");
      assertThat(task.path("id").asText()).isEqualTo(id);
      assertThat(task.path("status").path("state").asText())
          .isIn("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING");
      // The pause task may have started before the subscription did: its start is then in the
      // first snapshot, not an update; the store says when it runs.
      long pause =
          org.awaitility.Awaitility.await()
              .atMost(java.time.Duration.ofSeconds(30))
              .until(
                  () ->
                      served.store.tasks(Long.parseLong(id)).stream()
                          .filter(t ->
                              t.nodeId().equals("pause")
                                  && t.status() == dev.weft.tasks.TaskStatus.RUNNING)
                          .map(dev.weft.tasks.store.TaskRecord::id)
                          .findFirst(),
                  java.util.Optional::isPresent)
              .orElseThrow();
      served.store.report(List.of(), List.of(new Progress(pause, 0.5, "half way")));
      JsonNode progress = next(sse, "pause: 50% half way");
      assertThat(progress.path("status").path("state").asText()).isEqualTo("TASK_STATE_WORKING");
      assertThat(progress.path("metadata").path("weft").path("kind").asText())
          .isEqualTo("progress");
      JsonNode cancelled =
          served
              .post(
                  "/a2a",
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"CancelTask\",\"params\":{\"id\":\""
                      + id
                      + "\"}}",
                  "Authorization",
                  "Bearer " + A2aHttpTest.SUBMIT,
                  "A2A-Version",
                  "1.0")
              .body();
      assertThat(cancelled.path("result").path("status").path("state").asText())
          .isEqualTo("TASK_STATE_CANCELED");
      List<JsonNode> results = results(sse);
      assertThat(results.getLast().path("statusUpdate").path("status").path("state").asText())
          .as(results.toString())
          .isEqualTo("TASK_STATE_CANCELED");
    }
  }

  /** Reads on to the 1.0 status update whose message says {@code text}, and returns it. */
  private static JsonNode next(Sse sse, String text) throws Exception {
    for (Sse.Message m; (m = sse.next()) != null; ) {
      JsonNode update = JSON.readTree(m.data()).path("result").path("statusUpdate");
      if (text.equals(
          update.path("status").path("message").path("parts").path(0).path("text").asText())) {
        return update;
      }
    }
    throw new AssertionError("the stream ended without a status update saying " + text);
  }

  @Test
  void resubscribingIn03StartsWithTheCurrentTask() throws Exception {
    JsonNode sent =
        served
            .post(
                "/a2a",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":"
                    + message("m-s4", "slow", "user", ",\"configuration\":{\"blocking\":false}")
                    + "}",
                "Authorization",
                "Bearer " + A2aHttpTest.SUBMIT)
            .body();
    String id = sent.path("result").path("id").asText();
    try (Sse sse = stream("tasks/resubscribe", "{\"id\":\"" + id + "\"}", null)) {
      JsonNode task = JSON.readTree(sse.next().data()).path("result");
      assertThat(task.path("kind").asText()).isEqualTo("task");
      assertThat(task.path("id").asText()).isEqualTo(id);
      served.post(
          "/a2a",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tasks/cancel\",\"params\":{\"id\":\""
              + id
              + "\"}}",
          "Authorization",
          "Bearer " + A2aHttpTest.SUBMIT);
      JsonNode last = results(sse).getLast();
      assertThat(last.path("final").asBoolean()).isTrue();
      assertThat(last.path("status").path("state").asText()).isEqualTo("canceled");
    }
  }

  @Test
  void errorsComeBeforeAnyStreamAsPlainJsonRpcErrors() throws Exception {
    try (Sse sse = stream("SubscribeToTask", "{\"id\":\"424242\"}", "1.0")) {
      error(sse, -32001);
    }
    try (Sse sse = stream("tasks/resubscribe", "{\"id\":\"nope\"}", null)) {
      error(sse, -32001);
    }
    String id;
    try (Sse sse =
        stream("SendStreamingMessage", message("m-s5", "hello", "ROLE_USER", ""), "1.0")) {
      id = results(sse).get(0).path("task").path("id").asText();
    }
    try (Sse sse = stream("SubscribeToTask", "{\"id\":\"" + id + "\"}", "1.0")) {
      JsonNode e = error(sse, -32004);
      assertThat(e.path("message").asText()).contains("has ended", "GetTask");
    }
    try (Sse sse = stream("SubscribeToTask", "{}", "1.0")) {
      assertThat(error(sse, -32602).path("message").asText()).contains("id");
    }
    try (Sse sse =
        stream("SendStreamingMessage", message("m-s6", "helo", "ROLE_USER", ""), "1.0")) {
      assertThat(error(sse, -32602).toString()).contains("hello");
    }
    try (Sse sse =
        stream(
            "SendStreamingMessage",
            message("m-s7", "hello", "ROLE_USER", ""),
            "1.0",
            A2aHttpTest.READ)) {
      assertThat(sse.response.statusCode()).isEqualTo(403);
      error(sse, -32000);
    }
    try (Sse sse =
        stream("SendStreamingMessage", message("m-s8", "hello", "ROLE_USER", ""), "1.0", "bad")) {
      assertThat(sse.response.statusCode()).isEqualTo(401);
      error(sse, -32000);
    }
  }
}
