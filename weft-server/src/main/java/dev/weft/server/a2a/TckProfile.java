package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * For conformance runs only ({@code weft server --a2a-tck-profile}, docs/a2a.md): what the A2A
 * conformance kit (a2a-tck) asks of the agent it tests. The kit says what it wants through a
 * message's {@code messageId} prefix ({@code tck-...}, {@code test-resubscribe-message-id...}) and
 * sends plain text that is no manifest, so a message with no Weft work in it (no data part naming a
 * pipeline or manifest, no text part holding a manifest, no file part) runs a small built-in
 * pipeline instead: one that ends at once with a result, or one that runs until it is cancelled, or
 * for twice the kit's streaming timeout, as the id asks.
 */
final class TckProfile {

  /** The kit's long-running streamed task, followed again with SubscribeToTask. */
  static final String RESUBSCRIBE = "test-resubscribe-message-id";

  private final Dialect cardDialect;
  private final double streamingTimeout;

  /**
   * @param cardVersion the version of the card served to a request naming none (1.0 or 0.3)
   * @param streamingTimeout the kit's {@code TCK_STREAMING_TIMEOUT} in seconds: the long-running
   *     task lasts twice that, as the kit asks
   */
  TckProfile(String cardVersion, double streamingTimeout) {
    this.cardDialect = Dialect.of(cardVersion);
    this.streamingTimeout = streamingTimeout;
  }

  /** The profile asked for by {@code setting} (null: off), with the kit's timeout from the env. */
  static TckProfile of(String setting, String streamingTimeout) {
    if (setting == null) {
      return null;
    }
    double timeout = 2.0;
    try {
      timeout = streamingTimeout == null ? 2.0 : Double.parseDouble(streamingTimeout);
    } catch (NumberFormatException e) {
      // the kit's default, as for an unset variable
    }
    return new TckProfile(setting, timeout);
  }

  /** The version of the card for a request that names none. */
  Dialect cardDialect() {
    return cardDialect;
  }

  /** The manifest the kit's message asks for, or null when the message is not the kit's. */
  String manifest(JsonNode message) {
    String id = message.path("messageId").asText("");
    if (hasWork(message)) {
      return null;
    }
    String kind = id.toLowerCase(Locale.ROOT);
    if (kind.startsWith(RESUBSCRIBE)) {
      long millis = Math.round(streamingTimeout * 2000) + 500;
      return pipeline("tck-long", sleep(millis + "ms") + echo("\"Stream completed\"", "pause"));
    }
    if (kind.startsWith("tck-input-required")) {
      // A task that stays working until it is cancelled (Weft asks no input).
      return pipeline("tck-working", sleep("300s"));
    }
    if (kind.startsWith("tck-artifact-data")) {
      return pipeline("tck-data", echo("{key: value, count: 42}", null));
    }
    return pipeline(
        "tck-complete",
        echo(
            kind.startsWith("tck-stream") ? "\"Stream hello from TCK\"" : "\"Hello from TCK\"",
            null));
  }

  /** Whether a part names Weft work, or is a file (which Weft refuses, as it should). */
  private static boolean hasWork(JsonNode message) {
    for (JsonNode part : message.path("parts")) {
      JsonNode data = part.path("data");
      String text = part.path("text").asText("");
      if (part.has("raw")
          || part.has("url")
          || part.has("file")
          || data.has("pipeline")
          || data.has("manifest")
          || text.contains("weft:")
          || text.contains("\"weft\"")) {
        return true;
      }
    }
    return false;
  }

  private static String pipeline(String name, String nodes) {
    return "weft: 1\nname: " + name + "\nkind: tasks\nnodes:\n" + nodes;
  }

  private static String sleep(String duration) {
    return "  - id: pause\n    type: sleep\n    with: {duration: " + duration + "}\n";
  }

  /** A task whose result is {@code message} (YAML: a quoted string, or a flow mapping). */
  private static String echo(String message, String after) {
    return "  - id: reply\n    type: echo\n"
        + (after == null ? "" : "    after: [" + after + "]\n")
        + "    with: {message: "
        + message
        + "}\n";
  }
}
