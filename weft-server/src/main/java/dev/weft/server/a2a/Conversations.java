package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What A2A adds to a run and Weft does not store: the client's contextId and the message that
 * started it. Kept in memory for the most recent runs started through {@code /a2a}; a run started
 * otherwise, or before the server restarted, has the contextId {@code run-ID} and no history.
 */
final class Conversations {

  /** The client's contextId (or {@code run-ID}) and its message's messageId and parts. */
  record Conversation(String contextId, String messageId, JsonNode parts) {}

  private final int max;
  private final Map<Long, Conversation> byRun;

  Conversations(int max) {
    this.max = max;
    this.byRun =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Conversation> eldest) {
            return size() > Conversations.this.max;
          }
        };
  }

  synchronized void remember(long run, Conversation conversation) {
    byRun.put(run, conversation);
  }

  /** The contextId of a run: the client's, or {@code run-ID}. */
  synchronized String contextId(long run) {
    Conversation c = byRun.get(run);
    return c == null ? defaultContext(run) : c.contextId();
  }

  /** The message that started a run, or null when it is not known. */
  synchronized Conversation of(long run) {
    return byRun.get(run);
  }

  static String defaultContext(long run) {
    return "run-" + run;
  }
}
