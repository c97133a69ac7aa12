package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.store.RunNotes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What A2A adds to a run: the client's contextId and the message that started it, kept in the store
 * as the run's note {@code a2a} (so they outlive a restart), the most recent ones in memory too. A
 * run started otherwise has the contextId {@code run-ID} and no history.
 */
final class Conversations {

  /** The client's contextId (or {@code run-ID}) and its message's messageId and parts. */
  record Conversation(String contextId, String messageId, JsonNode parts) {}

  /** The note a run's conversation is kept under. */
  static final String NOTE = "a2a";

  /** A run known to have no conversation (started another way). */
  private static final Conversation NONE = new Conversation(null, null, null);

  private final int max;
  private final RunNotes notes;
  private final Map<Long, Conversation> byRun;

  /**
   * @param max how many runs' conversations are kept in memory
   */
  Conversations(int max, RunNotes notes) {
    this.max = max;
    this.notes = notes;
    this.byRun =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Conversation> eldest) {
            return size() > Conversations.this.max;
          }
        };
  }

  /** Keeps the conversation of a run (in the store first, then in memory). */
  void remember(long run, Conversation conversation) {
    ObjectNode note = A2aJson.object();
    note.put("contextId", conversation.contextId()).put("messageId", conversation.messageId());
    note.set("parts", conversation.parts());
    notes.put(run, NOTE, new String(A2aJson.bytes(note), StandardCharsets.UTF_8));
    synchronized (byRun) {
      byRun.put(run, conversation);
    }
  }

  /** The contextId of a run: the client's, or {@code run-ID}. */
  String contextId(long run) {
    Conversation c = of(run);
    return c == null ? defaultContext(run) : c.contextId();
  }

  /** The message that started a run, or null when it is not known. */
  Conversation of(long run) {
    Conversation c;
    synchronized (byRun) {
      c = byRun.get(run);
    }
    if (c == null) { // read outside the lock: the store may be busy, this must not hold others
      String note = notes.get(run, NOTE);
      JsonNode o = note == null ? null : A2aJson.read(note.getBytes(StandardCharsets.UTF_8));
      c =
          o == null
              ? NONE
              : new Conversation(
                  o.path("contextId").asText(), o.path("messageId").asText(), o.get("parts"));
      synchronized (byRun) {
        byRun.putIfAbsent(run, c);
      }
    }
    return c == NONE ? null : c;
  }

  static String defaultContext(long run) {
    return "run-" + run;
  }
}
