package dev.weft.tasks.builtin;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskContext;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * {@code http}: one HTTP request. Succeeds with {@code {status, body}} when the status is 2xx (or
 * listed in {@code expect}); otherwise the attempt fails, so the retry rule applies.
 */
public final class HttpType implements TaskNodeType {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String description() {
    return "sends an HTTP request; the result is the status and body";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("url", ConfigSchema.Type.STRING, "the address, http:// or https://")
        .optional("method", ConfigSchema.Type.STRING, "GET (default), POST, PUT, PATCH or DELETE")
        .optional("headers", ConfigSchema.Type.MAP, "request headers")
        .optional("body", ConfigSchema.Type.STRING, "the request body")
        .optional(
            "timeout",
            ConfigSchema.Type.DURATION,
            "how long to wait for the response (default 30s)")
        .optional(
            "expect", ConfigSchema.Type.LIST, "statuses that count as success (default: any 2xx)")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    Map<String, Object> with = node.with();
    URI url = URI.create((String) with.get("url"));
    String method = ((String) with.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
    String body = (String) with.get("body");
    Duration timeout =
        with.get("timeout") == null
            ? Duration.ofSeconds(30)
            : Durations.parse((String) with.get("timeout")).orElseThrow();
    List<?> expect = (List<?>) with.getOrDefault("expect", List.of());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    Map<?, ?> headers = (Map<?, ?>) with.getOrDefault("headers", Map.of());
    headers.forEach((k, v) -> request.header(String.valueOf(k), String.valueOf(v)));
    HttpRequest built = request.build();
    return context -> {
      HttpResponse<String> response;
      try {
        response = CLIENT.send(traced(built, context), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IOException(failure(e, method, url, timeout), e);
      }
      int status = response.statusCode();
      boolean ok =
          expect.isEmpty()
              ? status / 100 == 2
              : expect.stream().anyMatch(e -> e instanceof Number n && n.intValue() == status);
      if (!ok) {
        throw new IOException(method + " " + url + " answered " + status);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("status", status);
      result.put("body", response.body());
      return result;
    };
  }

  /**
   * The request carrying the attempt's trace context ({@code traceparent}, {@code tracestate}), so
   * the service called joins the run's trace; headers the node sets itself win.
   */
  private static HttpRequest traced(HttpRequest request, TaskContext context) {
    if (context.traceHeaders().isEmpty()) {
      return request;
    }
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
    context
        .traceHeaders()
        .forEach((name, value) -> {
          if (request.headers().firstValue(name).isEmpty()) {
            copy.header(name, value);
          }
        });
    return copy.build();
  }

  /**
   * What went wrong with a request, in words: "connection refused: http://127.0.0.1:1/x", "unknown
   * host 'example.invalid': ...", "no response within 30s: ...", "TLS error (...): ...".
   */
  private static String failure(IOException e, String method, URI url, Duration timeout) {
    if (e instanceof HttpConnectTimeoutException) {
      // The request's own timeout bounds the connection too.
      Duration limit = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
      return "could not connect within " + Durations.format(limit) + ": " + url;
    }
    if (e instanceof HttpTimeoutException) {
      return "no response within " + Durations.format(timeout) + ": " + url;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return "unknown host '" + url.getHost() + "': " + url;
      }
      if (cause instanceof SSLException) {
        return "TLS error (" + cause.getMessage() + "): " + url;
      }
    }
    if (e instanceof ConnectException) {
      return e.getMessage() == null || e.getMessage().contains("refused")
          ? "connection refused: " + url
          : "cannot connect (" + e.getMessage() + "): " + url;
    }
    return method
        + " "
        + url
        + ": "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }
}
