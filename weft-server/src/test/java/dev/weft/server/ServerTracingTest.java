package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import dev.weft.tasks.tracing.OtelTracing;
import dev.weft.tasks.tracing.OtlpReceiver;
import dev.weft.tasks.tracing.OtlpReceiver.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run submitted over HTTP with a W3C {@code traceparent} header joins the caller's trace, through
 * each way of submitting one: JSON-RPC {@code runs.submit}, {@code tasks.create} and {@code
 * tasks.execute}, and A2A.
 */
class ServerTracingTest {

  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  @TempDir Path dir;

  private OtlpReceiver receiver;
  private OtelTracing tracing;
  private TaskStore store;
  private TaskEngine engine;
  private WeftServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    tracing = OtelTracing.start(Map.of("otel.exporter.otlp.endpoint", receiver.endpoint()));
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), TaskApiTest.HELLO);
    store = SqliteTaskStore.open(dir.resolve("weft.db"));
    engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults().withTracing(tracing));
    server =
        WeftServer.start(
            ServerConfig.defaults().withPort(0).withPipelines(pipelines),
            store,
            NodeTypes.load(),
            engine);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    store.close();
    tracing.close();
    receiver.close();
  }

  private void post(String path, String method, String params, String trace) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json")
            .header("A2A-Version", "1.0")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                        + method
                        + "\",\"params\":"
                        + params
                        + "}"));
    if (trace != null) {
      request.header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01");
      request.header("tracestate", "caller=" + trace.substring(0, 4));
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("\"error\":{");
  }

  @Test
  void runsSubmittedWithATraceparentJoinTheCallersTraceAndOthersBeginTheirOwn() throws Exception {
    String viaSubmit = "4bf92f3577b34da6a3ce929d0e0e4736";
    String viaCreate = "5bf92f3577b34da6a3ce929d0e0e4737";
    String viaA2a = "6bf92f3577b34da6a3ce929d0e0e4738";
    String viaExecute = "7bf92f3577b34da6a3ce929d0e0e4739";
    post("/rpc", "runs.submit", "{\"pipeline\": \"hello\"}", viaSubmit);
    post("/rpc", "tasks.create", TaskApiTest.TREE, viaCreate); // held until tasks.execute
    post("/rpc", "tasks.execute", "{\"tasks\": " + TaskApiTest.TREE + "}", viaExecute);
    post(
        "/a2a",
        "SendMessage",
        "{\"message\":{\"messageId\":\"m-1\",\"role\":\"ROLE_USER\",\"parts\":"
            + "[{\"data\":{\"pipeline\":\"hello\",\"params\":{}}}]}}",
        viaA2a);
    post("/rpc", "runs.submit", "{\"pipeline\": \"hello\"}", null);

    List<TaskRecord> runs = store.findRuns(null, null, 10, 0);
    assertThat(runs).hasSize(5);
    Map<String, TraceContext> byTrace = new HashMap<>();
    for (TaskRecord run : runs) {
      TraceContext trace = store.trace(run.id()).orElseThrow();
      byTrace.put(trace.traceId(), trace);
    }
    assertThat(byTrace).containsKeys(viaSubmit, viaCreate, viaExecute, viaA2a).hasSize(5);
    for (String caller : List.of(viaSubmit, viaCreate, viaExecute, viaA2a)) {
      assertThat(byTrace.get(caller).parentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(byTrace.get(caller).tracestate()).isEqualTo("caller=" + caller.substring(0, 4));
    }

    // the server works off all but the held one: each run's span, in its caller's trace under the
    // caller's span
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            store.findRuns(null, null, 10, 0).stream().filter(r -> r.status().ended()).count()
                == 4);
    tracing.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> runSpans().size() == 4);
    for (Received run : runSpans()) {
      TraceContext stored = byTrace.get(run.traceId());
      assertThat(run.spanId()).isEqualTo(stored.spanId());
      assertThat(run.parentSpanId())
          .isEqualTo(stored.parentSpanId() == null ? "" : stored.parentSpanId());
    }
    List<Received> attempts =
        receiver.spans().stream().filter(s -> s.name().startsWith("weft.attempt ")).toList();
    assertThat(attempts).isNotEmpty();
    for (Received attempt : attempts) {
      assertThat(attempt.parentSpanId()).isEqualTo(byTrace.get(attempt.traceId()).spanId());
    }
  }

  private List<Received> runSpans() {
    return receiver.spans().stream().filter(s -> s.name().equals("weft.run")).toList();
  }
}
