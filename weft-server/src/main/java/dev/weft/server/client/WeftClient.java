package dev.weft.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC client of a running {@code weft server}: {@link #call} sends one request to {@code
 * POST /rpc} with the bearer token and answers the result, or throws {@link RemoteCallException}
 * with the server's error code, message and data, or with a sentence saying the server could not be
 * reached. Thread-safe; one instance per server.
 */
public final class WeftClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI server;
  private final URI rpc;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;
  private final AtomicLong ids = new AtomicLong();

  /**
   * A client of the server at {@code server} ({@code http://host:port}, with or without a trailing
   * slash or {@code /rpc}), sending {@code token} (none when {@code null}) and waiting at most
   * {@code timeout} for an answer.
   */
  public WeftClient(URI server, String token, Duration timeout) {
    String base = server.toString().replaceAll("/+$", "").replaceAll("/rpc$", "");
    this.server = URI.create(base);
    this.rpc = URI.create(base + "/rpc");
    this.token = token == null || token.isBlank() ? null : token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A client of {@code url}, checked: an http or https URL with a host; otherwise {@link
   * IllegalArgumentException} saying what is wrong.
   */
  public static WeftClient of(String url, String token, Duration timeout) {
    URI uri = null;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      // said below, as for any URL that is not http(s)
    }
    if (uri == null
        || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + url + "' is not an http(s) URL of a Weft server (like http://127.0.0.1:8080)");
    }
    return new WeftClient(uri, token, timeout);
  }

  /** The server's base URL, as messages say it. */
  public URI server() {
    return server;
  }

  /** A fresh, empty params object. */
  public static ObjectNode params() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Calls {@code method} with {@code params} and answers its result (JSON null when it has none).
   *
   * @throws RemoteCallException the server's JSON-RPC error, or why it could not be reached
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public JsonNode call(String method, ObjectNode params) throws InterruptedException {
    ObjectNode request = params();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    request.set("params", params == null ? params() : params);
    HttpRequest.Builder post =
        HttpRequest.newBuilder(rpc)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.toString()));
    if (token != null) {
      post.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw RemoteCallException.unreachable(
          server, "connection refused (is 'weft server' running there?)", e);
    } catch (HttpTimeoutException e) {
      throw RemoteCallException.unreachable(
          server, "no answer to " + method + " within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw RemoteCallException.unreachable(server, String.valueOf(e.getMessage()), e);
    }
    return answer(method, response);
  }

  private JsonNode answer(String method, HttpResponse<String> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject() || !(body.has("result") || body.has("error"))) {
      throw RemoteCallException.unreachable(
          server,
          "it answered " + method + " with HTTP " + response.statusCode() + ", not JSON-RPC",
          null);
    }
    JsonNode error = body.get("error");
    if (error != null && !error.isNull()) {
      throw new RemoteCallException(
          error.path("code").asInt(),
          error.path("message").asText("the server gave no message"),
          error.get("data"));
    }
    return body.get("result");
  }
}
