package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real server on a free port of the loopback, on a real store, and a real HTTP client to it. */
final class Served implements AutoCloseable {

  final StoreFixture database;
  final TaskStore store;
  final TaskEngine engine;
  final WeftServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What came back: the HTTP status and the body as JSON (null when empty). */
  record Reply(int status, JsonNode body, String text) {}

  Served(StoreFixture.Kind kind, Path dir, ServerConfig config, List<RpcMethod> extra) {
    this(kind.create(dir), config, extra);
  }

  private Served(StoreFixture database, ServerConfig config, List<RpcMethod> extra) {
    this.database = database;
    store = database.open();
    NodeTypes types = NodeTypes.load();
    engine =
        config.work()
            ? new TaskEngine(
                store,
                types,
                EngineOptions.defaults().withConcurrency(4).withLease(Duration.ofSeconds(10)))
            : null;
    server = WeftServer.start(config.withPort(0), store, types, engine, extra);
  }

  Served(StoreFixture.Kind kind, Path dir, ServerConfig config) {
    this(kind, dir, config, List.of());
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  Reply post(byte[] body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/rpc"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  Reply post(String body, String token) {
    return post(body.getBytes(StandardCharsets.UTF_8), token);
  }

  Reply post(String body) {
    return post(body, null);
  }

  /** A POST of {@code body} to {@code path} with these headers (name, value, name, value...). */
  Reply post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  Reply get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.GET().build());
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode json = null;
      if (text != null && !text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
        json = Jsons.MAPPER.readTree(text);
      }
      return new Reply(response.statusCode(), json, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A call by name with params (JSON text), its whole response. */
  JsonNode call(String method, String params, String token) {
    Reply reply =
        post(
            "{\"jsonrpc\":\"2.0\",\"method\":\""
                + method
                + "\",\"params\":"
                + params
                + ",\"id\":1}",
            token);
    return reply.body();
  }

  JsonNode call(String method, String params) {
    return call(method, params, null);
  }

  /** The result of a call that must succeed. */
  JsonNode result(String method, String params, String token) {
    JsonNode response = call(method, params, token);
    if (response == null || !response.has("result")) {
      throw new AssertionError(method + " " + params + " failed: " + response);
    }
    return response.get("result");
  }

  JsonNode result(String method, String params) {
    return result(method, params, null);
  }

  /**
   * Stops this server (its engine and store too, the database kept) and starts another on the same
   * database, as a restart does.
   */
  Served restart(ServerConfig config) {
    stop();
    return new Served(database, config, List.of());
  }

  private void stop() {
    server.close();
    if (engine != null) {
      engine.close();
    }
    store.close();
  }

  @Override
  public void close() {
    stop();
    database.close();
  }
}
