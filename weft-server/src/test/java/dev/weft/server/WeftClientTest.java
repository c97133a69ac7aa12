package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.client.RemoteCallException;
import dev.weft.server.client.WeftClient;
import dev.weft.tasks.store.StoreFixture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real server: results, the server's errors, and no server at all. */
class WeftClientTest {

  static final String TOKEN = "client-token-0123456789";

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() {
    ServerConfig config =
        ServerConfig.defaults()
            .withWork(false)
            .withAuth(List.of(new ServerConfig.Token(TOKEN, "ada", Set.of("admin"))), null);
    served = new Served(StoreFixture.Kind.SQLITE, dir, config);
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private WeftClient client(String token) {
    return WeftClient.of(served.uri("/").toString(), token, Duration.ofSeconds(10));
  }

  @Test
  void answersTheResultOfACall() throws Exception {
    ObjectNode params = WeftClient.params();
    params.put(
        "manifest", "weft: 1\nname: hello\nkind: tasks\nnodes:\n  - id: a\n    type: echo\n");
    JsonNode run = client(TOKEN).call("runs.submit", params);
    assertThat(run.path("id").asLong()).isPositive();
    assertThat(run.path("pipeline").asText()).isEqualTo("hello");

    JsonNode page = client(TOKEN).call("runs.list", WeftClient.params());
    assertThat(page.path("total").asInt()).isEqualTo(1);
  }

  @Test
  void throwsTheServersErrorWithItsCodeAndData() {
    ObjectNode params = WeftClient.params();
    params.put("run_id", 424242);
    assertThatThrownBy(() -> client(TOKEN).call("runs.get", params))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Errors.NOT_FOUND);
              assertThat(e.unreachable()).isFalse();
              assertThat(e.getMessage()).contains("No run 424242");
              assertThat(e.data().path("run_id").asLong()).isEqualTo(424242);
            });
    assertThatThrownBy(() -> client("wrong-token-0123456789").call("runs.list", params))
        .isInstanceOfSatisfying(
            RemoteCallException.class, e -> assertThat(e.code()).isEqualTo(Errors.UNAUTHORIZED));
  }

  @Test
  void saysWhenNoServerIsThere() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    WeftClient nobody = WeftClient.of("http://127.0.0.1:" + port, null, Duration.ofSeconds(5));
    assertThatThrownBy(() -> nobody.call("runs.list", WeftClient.params()))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> {
              assertThat(e.unreachable()).isTrue();
              assertThat(e.getMessage())
                  .contains("cannot reach the Weft server at http://127.0.0.1:" + port)
                  .contains("connection refused");
            });
  }

  @Test
  void saysWhenWhatAnswersIsNotJsonRpc() throws Exception {
    HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    web.createContext(
        "/",
        exchange -> {
          byte[] page = "<html>not here</html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(404, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    web.start();
    try {
      WeftClient other =
          WeftClient.of(
              "http://127.0.0.1:" + web.getAddress().getPort() + "/", null, Duration.ofSeconds(5));
      assertThatThrownBy(() -> other.call("runs.list", WeftClient.params()))
          .isInstanceOfSatisfying(
              RemoteCallException.class,
              e -> {
                assertThat(e.unreachable()).isTrue();
                assertThat(e.getMessage()).contains("HTTP 404, not JSON-RPC");
              });
    } finally {
      web.stop(0);
    }
  }

  @Test
  void refusesWhatIsNotAServerUrl() {
    assertThatThrownBy(() -> WeftClient.of("127.0.0.1:8080", null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an http(s) URL");
  }
}
