package dev.weft.tasks.builtin;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code http}: one HTTP request. Succeeds with {@code {status, body}} when the status is 2xx (or
 * listed in {@code expect}); otherwise the attempt fails, so the retry rule applies.
 */
public final class HttpType implements TaskNodeType {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
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
      HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
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
}
