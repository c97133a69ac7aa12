package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A Weft run as an A2A task: id, contextId, status, artifacts (task results), history. */
final class TaskViews {

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Conversations conversations;

  TaskViews(Conversations conversations) {
    this.conversations = conversations;
  }

  /**
   * The task of a run view (as runs.get or runs.list answer it).
   *
   * @param historyLength how many messages of history at most (null: all)
   * @param artifacts whether to add the task results (the view must have its tasks)
   */
  ObjectNode task(JsonNode run, Dialect dialect, Integer historyLength, boolean artifacts) {
    long id = run.path("id").asLong();
    String contextId = conversations.contextId(id);
    ObjectNode task = dialect.kind(A2aJson.object(), "task");
    task.put("id", Long.toString(id));
    task.put("contextId", contextId);
    TaskState state = TaskState.ofRun(run.path("status").asText());
    ObjectNode status = task.putObject("status");
    status.put("state", dialect.state(state));
    status.put("timestamp", timestamp(run));
    String error = error(run);
    if (error != null && (state == TaskState.FAILED || state == TaskState.CANCELED)) {
      ObjectNode message = dialect.kind(A2aJson.object(), "message");
      message.put("messageId", "run-" + id + "-status");
      message.put("role", dialect.agentRole());
      message.putArray("parts").add(dialect.textPart(error));
      message.put("taskId", Long.toString(id)).put("contextId", contextId);
      status.set("message", message);
    }
    if (artifacts) {
      ArrayNode list = task.putArray("artifacts");
      for (JsonNode t : run.path("tasks")) {
        JsonNode result = t.get("result");
        if (result != null && !result.isNull()) {
          ObjectNode artifact = list.addObject();
          artifact.put("artifactId", "task-" + t.path("id").asLong());
          artifact.put("name", t.path("node").asText());
          artifact.putArray("parts").add(dialect.dataPart(result));
        }
      }
    }
    ArrayNode history = task.putArray("history");
    Conversations.Conversation started = conversations.of(id);
    if (started != null && (historyLength == null || historyLength > 0)) {
      ObjectNode message = dialect.kind(A2aJson.object(), "message");
      message.put("messageId", started.messageId());
      message.put("role", dialect == Dialect.V1_0 ? "ROLE_USER" : "user");
      ArrayNode parts = message.putArray("parts");
      for (JsonNode part : started.parts()) {
        if (part.has("text")) {
          parts.add(dialect.textPart(part.path("text").asText()));
        } else if (part.has("data")) {
          parts.add(dialect.dataPart(part.get("data")));
        }
      }
      message.put("taskId", Long.toString(id)).put("contextId", contextId);
      history.add(message);
    }
    ObjectNode weft = task.putObject("metadata").putObject("weft");
    weft.put("runId", id).put("pipeline", run.path("pipeline").asText());
    weft.put("status", run.path("status").asText());
    return task;
  }

  /** The run's error, else the first of its tasks' (a failed run may keep none of its own). */
  private static String error(JsonNode run) {
    String error = run.path("error").asText(null);
    for (JsonNode t : run.path("tasks")) {
      if (error == null && t.hasNonNull("error")) {
        error = t.path("node").asText() + ": " + t.get("error").asText();
      }
    }
    return error;
  }

  private static String timestamp(JsonNode run) {
    for (String field : new String[] {"finished_at", "started_at", "created_at"}) {
      String at = run.path(field).asText(null);
      if (at != null && !at.equals("null")) {
        try {
          return MILLIS.format(Instant.parse(at));
        } catch (java.time.format.DateTimeParseException e) {
          // try the next one
        }
      }
    }
    return MILLIS.format(Instant.now());
  }
}
