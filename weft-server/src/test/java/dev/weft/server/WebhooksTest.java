package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.Webhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Webhooks called on a real local HTTP receiver, on each database. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class WebhooksTest {

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  static final String SECRET = "webhook-secret-0123456789";

  /** A receiver answering each call with the next status of a list (the last one from then on). */
  static final class Receiver implements AutoCloseable {
    record Call(String method, Map<String, List<String>> headers, byte[] body, int answered) {
      String header(String name) {
        return headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(e -> e.getValue().getFirst())
            .findFirst()
            .orElse(null);
      }

      JsonNode json() throws IOException {
        return Jsons.MAPPER.readTree(body);
      }
    }

    final HttpServer http;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile List<Integer> answers;
    private final AtomicInteger count = new AtomicInteger();

    Receiver(Integer... answers) throws IOException {
      this.answers = List.of(answers);
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext(
          "/hook",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Integer> now = this.answers;
            int status = now.get(Math.min(count.getAndIncrement(), now.size() - 1));
            calls.add(
                new Call(
                    exchange.getRequestMethod(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body,
                    status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  private Receiver receiver;

  @BeforeEach
  void receive() throws IOException {
    receiver = new Receiver(500, 500, 200);
  }

  @AfterEach
  void stopReceiving() {
    receiver.close();
  }

  static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static ServerConfig config() {
    return ServerConfig.defaults().withWebhooks(SECRET, Duration.ofMillis(50));
  }

  private static final String HELLO =
      "weft: 1\\nname: hello\\nkind: tasks\\nnodes:\\n  - id: greet\\n    type: echo\\n"
          + "    with: {message: hi}\\n";

  @Test
  void aRunsEndIsPostedSignedAndRetriedAfterServerErrorsUntilDelivered() throws Exception {
    try (Served served = new Served(kind, dir, config())) {
      JsonNode run =
          served.result(
              "runs.submit",
              "{\"manifest\": \""
                  + HELLO
                  + "\", \"webhook\": {\"url\": \""
                  + receiver.url()
                  + "\", \"max_retries\": 3, \"headers\": {\"X-Team\": \"ops\"}}}");
      long runId = run.get("id").asLong();

      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls.size() >= 3);

      assertThat(receiver.calls).extracting(Receiver.Call::answered).containsExactly(500, 500, 200);
      for (Receiver.Call call : receiver.calls) {
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.header("X-Weft-Signature")).isEqualTo(hmac(call.body()));
        assertThat(call.header("X-Team")).isEqualTo("ops");
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.json().get("type").asText()).isEqualTo("run.succeeded");
        assertThat(call.json().get("run_id").asLong()).isEqualTo(runId);
      }
      assertThat(receiver.calls.getFirst().header("X-Weft-Event")).isEqualTo("run.succeeded");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> {
            JsonNode listed = served.result("webhooks.list", "{}").get(0);
            assertThat(listed.get("state").asText()).isEqualTo("delivered");
            assertThat(listed.get("attempts").asInt()).isEqualTo(3);
            assertThat(listed.get("tries").findValuesAsText("status_code"))
                .containsExactly("500", "500", "200");
          });
      assertThat(served.result("webhooks.list", "{\"failed\": true}")).isEmpty();
    }
  }

  @Test
  void aDeliveryWhoseTriesAllFailIsRecordedAsFailed() throws Exception {
    receiver.answers = List.of(503);
    try (Served served = new Served(kind, dir, config())) {
      served.result(
          "runs.submit",
          "{\"manifest\": \""
              + HELLO
              + "\", \"webhook\": {\"url\": \""
              + receiver.url()
              + "\", \"max_retries\": 1, \"timeout\": 2}}");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> {
            JsonNode failed = served.result("webhooks.list", "{\"failed\": true}");
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).get("state").asText()).isEqualTo("failed");
          });
      JsonNode failed = served.result("webhooks.list", "{\"failed\": true}").get(0);
      assertThat(failed.get("attempts").asInt()).isEqualTo(2);
      assertThat(failed.get("last_status").asInt()).isEqualTo(503);
      assertThat(failed.get("last_error").asText()).isEqualTo("HTTP 503");
      assertThat(receiver.calls).hasSize(2);
    }
  }

  @Test
  void aRedirectIsAFailedTryNotFollowed() throws Exception {
    receiver.answers = List.of(302);
    try (Served served = new Served(kind, dir, config())) {
      served.result(
          "runs.submit",
          "{\"manifest\": \""
              + HELLO
              + "\", \"webhook\": {\"url\": \""
              + receiver.url()
              + "\", \"max_retries\": 0, \"timeout\": \"2s\"}}");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> served.result("webhooks.list", "{\"failed\": true}").size() == 1);

      JsonNode failed = served.result("webhooks.list", "{\"failed\": true}").get(0);
      assertThat(failed.get("state").asText()).isEqualTo("failed");
      assertThat(failed.get("last_error").asText()).isEqualTo("HTTP 302");
      assertThat(receiver.calls).hasSize(1);
    }
  }

  @Test
  void pendingDeliveriesAreMadeByTheNextServerOnTheStore() throws Exception {
    receiver.answers = List.of(503);
    StoreFixture database = kind.create(dir);
    try (TaskStore store = database.open()) {
      Webhook hook =
          new Webhook(receiver.url(), "PUT", Map.of(), Duration.ofSeconds(5), 100, false);
      long run =
          store.createRun(
              new RunPlan(
                  "r",
                  "{}",
                  List.of(new RunPlan.Task("t", "noop", 0, null, new int[0], new boolean[0]))),
              Instant.now(),
              Instant.now(),
              TaskStore.NewRun.ownedBy("ada").withWebhook(hook));
      Instant now = Instant.now();
      for (ClaimedTask t : store.claim("w", run, 1, now, now.plusSeconds(30))) {
        store.finish(List.of(new Outcome.Succeeded(t, null)), now);
      }
      WeftServer first = WeftServer.start(config().withPort(0), store, NodeTypes.load(), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.calls.isEmpty());
      first.close();
      int triedBefore = receiver.calls.size();
      receiver.answers = List.of(200);
      WeftServer second = WeftServer.start(config().withPort(0), store, NodeTypes.load(), null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> receiver.calls.getLast().answered() == 200);
      second.close();

      var listed = store.webhooks().deliveries(false, null, 10);
      assertThat(listed).hasSize(1);
      assertThat(listed.getFirst().delivery().state().display()).isEqualTo("delivered");
      assertThat(listed.getFirst().attempts()).hasSizeGreaterThan(triedBefore - 1);
      assertThat(listed.getFirst().attempts().getFirst().statusCode()).isEqualTo(503);
      assertThat(receiver.calls).extracting(Receiver.Call::method).containsOnly("PUT");
      assertThat(receiver.calls.stream().filter(c -> c.answered() == 200)).hasSize(1);
    } finally {
      database.close();
    }
  }

  @Test
  void tasksExecuteTakesAWebhookConfigAndBadOnesAreRefusedByField() throws Exception {
    receiver.answers = List.of(200);
    try (Served served = new Served(kind, dir, config())) {
      JsonNode started =
          served.result(
              "tasks.execute",
              "{\"tasks\": "
                  + TaskApiTest.TREE
                  + ", \"webhook_config\": {\"url\": \""
                  + receiver.url()
                  + "\", \"each_change\": true}}");
      long run = started.get("root_task_id").asLong();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              !receiver.calls.isEmpty()
                  && receiver.calls.getLast().json().get("type").asText().equals("run.succeeded"));
      assertThat(receiver.calls.stream().map(c -> c.header("X-Weft-Event")))
          .contains("run.running", "task.running", "task.succeeded", "run.succeeded");
      for (Receiver.Call call : receiver.calls) {
        assertThat(call.json().get("run_id").asLong()).isEqualTo(run);
      }

      JsonNode badUrl =
          served.call(
              "tasks.execute",
              "{\"tasks\": " + TaskApiTest.TREE + ", \"webhook_config\": {\"url\": \"ftp://x\"}}");
      assertThat(badUrl.at("/error/code").asInt()).isEqualTo(Errors.INVALID_PARAMS);
      assertThat(badUrl.at("/error/data/field").asText()).isEqualTo("webhook_config.url");
      JsonNode reserved =
          served.call(
              "runs.submit",
              "{\"manifest\": \""
                  + HELLO
                  + "\", \"webhook\": {\"url\": \"http://x/\", \"headers\": {\"Host\": \"y\"}}}");
      assertThat(reserved.at("/error/data/field").asText()).isEqualTo("webhook.headers.Host");
      JsonNode slow =
          served.call(
              "runs.submit",
              "{\"manifest\": \""
                  + HELLO
                  + "\", \"webhook\": {\"url\": \"http://x/\", \"timeout\": 61}}");
      assertThat(slow.at("/error/data/field").asText()).isEqualTo("webhook.timeout");
      JsonNode badRetries =
          served.call(
              "runs.submit",
              "{\"manifest\": \""
                  + HELLO
                  + "\", \"webhook\": {\"url\": \"http://x/\", \"max_retries\": 99}}");
      assertThat(badRetries.at("/error/code").asInt()).isEqualTo(Errors.INVALID_PARAMS);
      assertThat(badRetries.at("/error/data/field").asText()).contains("max_retries");
    }
  }

  @Test
  void withoutAWebhookSecretWebhooksAreRefused() {
    try (Served served = new Served(kind, dir, ServerConfig.defaults().withWork(false))) {
      JsonNode refused =
          served.call(
              "runs.submit",
              "{\"manifest\": \""
                  + HELLO
                  + "\", \"webhook\": {\"url\": \""
                  + receiver.url()
                  + "\"}}");
      assertThat(refused.at("/error/code").asInt()).isEqualTo(Errors.REFUSED);
      assertThat(refused.at("/error/data/setting").asText()).isEqualTo("server.webhook-secret");
      assertThat(served.store.runs(10)).isEmpty();
    }
  }
}
