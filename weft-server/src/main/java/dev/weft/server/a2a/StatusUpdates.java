package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.store.Event;
import java.time.format.DateTimeFormatter;

/**
 * What a store event says of its run's A2A task: the status, and the TaskStatusUpdateEvent or
 * TaskArtifactUpdateEvent that carries it, as streams and push notifications send them.
 */
final class StatusUpdates {

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private StatusUpdates() {}

  /** The status a store event says: the run's state (working while its tasks change). */
  static ObjectNode status(Event e, Dialect dialect) {
    TaskState state =
        e.kind() == Event.Kind.RUN ? TaskState.ofRun(e.status().display()) : TaskState.WORKING;
    ObjectNode status = A2aJson.object();
    status.put("state", dialect.state(state));
    String text =
        switch (e.kind()) {
          case RUN -> e.error();
          case TASK ->
              e.nodeId()
                  + ": "
                  + e.status().display()
                  + (e.error() == null ? "" : " (" + e.error() + ")");
          case PROGRESS ->
              e.nodeId()
                  + ": "
                  + Math.round(e.progress() * 100)
                  + "%"
                  + (e.note() == null ? "" : " " + e.note());
        };
    if (text != null) {
      ObjectNode message = dialect.kind(A2aJson.object(), "message");
      message.put("messageId", "event-" + e.id());
      message.put("role", dialect.agentRole());
      message.putArray("parts").add(dialect.textPart(text));
      message.put("taskId", Long.toString(e.runId()));
      status.set("message", message);
    }
    status.put("timestamp", MILLIS.format(e.at()));
    return status;
  }

  /**
   * A TaskStatusUpdateEvent ({@code kind} "status") or TaskArtifactUpdateEvent ("artifact"): 1.0
   * wraps it as {@code {"statusUpdate": ...}}; 0.3 marks it with {@code kind} and, for status,
   * {@code final}.
   */
  static JsonNode update(
      Dialect dialect, String kind, Event e, String contextId, JsonNode body, boolean last) {
    ObjectNode update = A2aJson.object();
    update.put("taskId", Long.toString(e.runId()));
    update.put("contextId", contextId);
    update.set(kind, body);
    if (kind.equals("status") && dialect == Dialect.V0_3) {
      update.put("final", last);
    }
    ObjectNode weft = update.putObject("metadata").putObject("weft");
    weft.put("eventId", e.id()).put("kind", e.kind().display()).put("taskId", e.taskId());
    if (dialect == Dialect.V0_3) {
      update.put("kind", kind + "-update");
      return update;
    }
    return A2aJson.object().set(kind + "Update", update);
  }
}
