package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Durations;
import dev.weft.tasks.store.Webhook;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A webhook as a request gives it ({@code runs.submit}'s {@code webhook}, {@code tasks.execute}'s
 * {@code webhook_config}): {@code {url, method, headers, timeout, max_retries, each_change}},
 * checked field by field.
 */
final class WebhookParams {

  private WebhookParams() {}

  /** The longest one call may take: its claim lasts this long and a half minute more. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  /** Headers the HTTP client sets itself (or the signature): a webhook cannot. */
  private static final Set<String> RESERVED =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "x-weft-signature",
          "x-weft-delivery",
          "x-weft-event");

  /** The schema of the param, as the OpenRPC document shows it. */
  static ObjectNode schema(String description) {
    return Schemas.object(
        description,
        "!url",
        Schemas.string("an http or https URL, called with a JSON body"),
        "method",
        Schemas.oneOfValues("the HTTP method (POST)", "POST", "PUT", "PATCH"),
        "headers",
        Schemas.anyObject("extra headers, name to value"),
        "timeout",
        Schemas.type(
            java.util.List.of("number", "string"), "seconds, or a duration such as 10s (10)"),
        "max_retries",
        Schemas.range(Schemas.integer("tries again after a failure (3)"), 0, 20),
        "each_change",
        Schemas.bool("call on each change of the run and its tasks, not only its end"));
  }

  /**
   * The webhook {@code given} under {@code field} (its fields already checked against {@link
   * #schema}), or {@code null} when none is given.
   *
   * @throws RpcException -32602 naming the field and why; -32007 when the server has no webhook
   *     secret
   */
  static Webhook read(JsonNode given, String field, ServerConfig config) {
    if (given == null || given.isNull()) {
      return null;
    }
    if (!given.isObject()) {
      throw RpcException.invalidParams(
          field, "must be an object with url (and method, headers...)");
    }
    if (config.webhookSecret() == null) {
      throw RpcException.of(
          Errors.REFUSED,
          "webhooks are refused: the server has no webhook secret to sign them with",
          "field",
          field,
          "setting",
          "server.webhook-secret");
    }
    String url = given.path("url").asText("");
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw RpcException.invalidParams(field + ".url", "is not a URL: " + e.getReason());
    }
    if (!uri.isAbsolute()
        || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null) {
      throw RpcException.invalidParams(
          field + ".url", "must be an http or https URL, e.g. https://example.com/hook");
    }
    String method = given.path("method").asText("POST").toUpperCase(Locale.ROOT);
    if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
      throw RpcException.invalidParams(field + ".method", "must be POST, PUT or PATCH");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = given.get("headers");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        throw RpcException.invalidParams(field + ".headers", "must be an object of names to text");
      }
      for (var e : h.properties()) {
        String name = e.getKey();
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
          throw RpcException.invalidParams(field + ".headers." + name, "is not a header name");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
          throw RpcException.invalidParams(
              field + ".headers." + name, "is set by the server and cannot be given");
        }
        if (!e.getValue().isTextual() || e.getValue().asText().matches("(?s).*[\\r\\n].*")) {
          throw RpcException.invalidParams(field + ".headers." + name, "must be text on one line");
        }
        headers.put(name, e.getValue().asText());
      }
    }
    return new Webhook(
        uri.toString(),
        method,
        headers,
        timeout(given.get("timeout"), field + ".timeout"),
        given.path("max_retries").asInt(3),
        given.path("each_change").asBoolean(false));
  }

  private static Duration timeout(JsonNode given, String field) {
    Duration timeout;
    if (given == null || given.isNull()) {
      timeout = Duration.ofSeconds(10);
    } else if (given.isNumber()) {
      timeout = Duration.ofMillis(Math.round(given.asDouble() * 1000));
    } else {
      timeout =
          Durations.parse(given.asText())
              .orElseThrow(() ->
                  RpcException.invalidParams(field, "is not a duration (" + Durations.HINT + ")"));
    }
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw RpcException.invalidParams(field, "must be more than 0 and at most 60 s");
    }
    return timeout;
  }
}
