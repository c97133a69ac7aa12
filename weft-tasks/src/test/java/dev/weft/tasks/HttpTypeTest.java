package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.HttpType;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http task against a real HTTP server on a local port. */
class HttpTypeTest {

  @TempDir Path dir;

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/flaky",
        exchange -> {
          byte[] body =
              ("{\"call\":" + calls.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(calls.get() < 3 ? 503 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/echo",
        exchange -> {
          byte[] body =
              (exchange.getRequestMethod()
                      + " "
                      + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                      + " "
                      + exchange.getRequestHeaders().getFirst("X-Run"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private Map<String, TaskRecord> run(Pipeline p) throws InterruptedException {
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new HttpType()), EngineOptions.defaults())) {
      TaskRecord run = engine.run(engine.submit(p), RunListener.NONE);
      return store.tasks(run.id()).stream()
          .collect(java.util.stream.Collectors.toMap(TaskRecord::nodeId, t -> t));
    }
  }

  @Test
  void serverErrorsFailTheAttemptAndTheRetryRuleApplies() throws Exception {
    Map<String, TaskRecord> tasks =
        run(
            Pipeline.builder("http")
                .node(
                    "get",
                    "http",
                    n ->
                        n.with("url", url("/flaky"))
                            .retry(RetrySpec.fixed(3, Duration.ofMillis(10))))
                .build());

    TaskRecord get = tasks.get("get");
    assertThat(get.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(get.attempt()).isEqualTo(3);
    assertThat(get.resultJson()).isEqualTo("{\"status\":200,\"body\":\"{\\\"call\\\":3}\"}");
  }

  @Test
  void postSendsBodyAndHeadersAndExpectedStatusesCount() throws Exception {
    Map<String, TaskRecord> tasks =
        run(
            Pipeline.builder("http")
                .node(
                    "post",
                    "http",
                    n ->
                        n.with("url", url("/echo"))
                            .with("method", "post")
                            .with("body", "hello")
                            .with("headers", Map.of("X-Run", "42"))
                            .with("expect", List.of(201L)))
                .node(
                    "strict",
                    "http",
                    n -> n.with("url", url("/echo")).with("expect", List.of(200L)))
                .build());

    assertThat(tasks.get("post").resultJson())
        .isEqualTo("{\"status\":201,\"body\":\"POST hello 42\"}");
    assertThat(tasks.get("strict").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("strict").error()).endsWith("answered 201");
  }
}
