package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.client.WeftClient;
import dev.weft.tasks.CopySelection;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The records of a server's store, through its JSON-RPC methods ({@code tasks.list}, {@code
 * tasks.detail}, {@code runs.cancel}, ...; docs/api.md), read back into the store's records so that
 * the commands print them as they print their own. The server's token decides what is seen.
 */
final class ServerRecords implements Records {

  /** The most tasks one {@code tasks.list} call answers. */
  private static final int PAGE = 1000;

  private final WeftClient client;

  ServerRecords(WeftClient client) {
    this.client = client;
  }

  @Override
  public List<TaskRecord> runs(int limit, int offset) {
    return records(
        call("tasks.list", filter(null, null, null).put("root_only", true), limit, offset));
  }

  @Override
  public int countRuns() {
    return call("tasks.count", filter(null, null, null).put("root_only", true))
        .path("count")
        .asInt();
  }

  @Override
  public Optional<TaskRecord> task(long id) {
    JsonNode view = call("tasks.get", WeftClient.params().put("task_id", id));
    return view == null || view.isNull() ? Optional.empty() : Optional.of(record(view));
  }

  @Override
  public List<TaskRecord> tasks(long runId) {
    return records(views(runId));
  }

  @Override
  public List<TaskRecord> findTasks(
      Long runId, TaskStatus status, String user, int limit, int offset) {
    return records(call("tasks.list", filter(runId, status, user), limit, offset));
  }

  @Override
  public int countTasks(Long runId, TaskStatus status, String user) {
    return call("tasks.count", filter(runId, status, user)).path("count").asInt();
  }

  @Override
  public List<AttemptRecord> attempts(long taskId) {
    List<AttemptRecord> attempts = new ArrayList<>();
    for (JsonNode a : detail(taskId).path("attempt_history")) {
      attempts.add(
          new AttemptRecord(
              a.path("attempt").asInt(),
              text(a, "worker"),
              time(a, "started_at"),
              time(a, "finished_at"),
              text(a, "outcome"),
              text(a, "error")));
    }
    return attempts;
  }

  @Override
  public Optional<Checkpoint> checkpoint(long taskId) {
    JsonNode c = detail(taskId).path("checkpoint");
    if (!c.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new Checkpoint(c.path("state").toString(), c.path("attempt").asInt(), time(c, "at")));
  }

  @Override
  public List<TaskDependency> dependencies(long runId) {
    List<TaskDependency> deps = new ArrayList<>();
    for (JsonNode v : views(runId)) {
      for (JsonNode d : v.path("dependencies")) {
        deps.add(new TaskDependency(id(v, "id"), id(d, "id"), d.path("required").asBoolean(true)));
      }
    }
    return deps;
  }

  @Override
  public List<LogLine> logs(long taskId) {
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode l : call("tasks.logs", WeftClient.params().put("task_id", taskId))) {
      lines.add(
          new LogLine(
              taskId,
              l.path("attempt").asInt(),
              time(l, "at"),
              text(l, "level"),
              text(l, "message")));
    }
    return lines;
  }

  @Override
  public RunCancel cancelRun(long runId) {
    JsonNode r = call("runs.cancel", WeftClient.params().put("run_id", runId));
    return new RunCancel(r.path("cancelled").asLong(), r.path("stopping").asLong());
  }

  @Override
  public TaskCancel cancelTask(long taskId) {
    ObjectNode params = WeftClient.params();
    params.putArray("task_ids").add(taskId);
    JsonNode r = call("tasks.cancel", params).path(0);
    return new TaskCancel(
        "cancelling".equals(r.path("status").asText()), r.path("cancelled_dependents").asLong());
  }

  @Override
  public int retryFailed(long runId) {
    return call("runs.retry", WeftClient.params().put("run_id", runId)).path("again").asInt();
  }

  @Override
  public long copy(
      List<Long> ids, CopySelection.Mode mode, List<String> nodeIds, TaskStore.CopyReset reset) {
    ObjectNode params = WeftClient.params();
    if (mode == null && ids.size() == 1) {
      params.put("task_id", ids.getFirst());
    } else if (mode == null) {
      // several tasks: those of their nodes in their run, which is what the server's custom does
      params.put("task_id", runOf(ids.getFirst()));
      params.put("copy_mode", "custom");
      ids.forEach(params.putArray("custom_task_ids")::add);
    } else {
      long top = ids.getFirst();
      params.put("task_id", top);
      params.put("copy_mode", mode.display());
      if (mode == CopySelection.Mode.CUSTOM) {
        var custom = params.putArray("custom_task_ids");
        for (TaskRecord t : tasks(runOf(top))) {
          if (nodeIds.contains(t.nodeId())) {
            custom.add(t.id());
          }
        }
      }
    }
    var fields = params.putArray("reset_fields");
    if (reset.inputs()) {
      fields.add("inputs");
    }
    if (reset.priority()) {
      fields.add("priority");
    }
    return id(call("tasks.copy", params), "id");
  }

  private long runOf(long taskId) {
    return task(taskId)
        .map(TaskRecord::rootId)
        .orElseThrow(() -> new IllegalArgumentException("there is no task " + taskId));
  }

  @Override
  public Optional<TaskStore> store() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "the server at " + client.server();
  }

  @Override
  public void close() {
    // nothing held: each call is its own request
  }

  // --- calls ---

  private JsonNode call(String method, ObjectNode params) {
    try {
      return client.call(method, params);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while waiting for " + this);
    }
  }

  private JsonNode call(String method, ObjectNode params, int limit, int offset) {
    return call(method, params.put("limit", limit).put("offset", offset));
  }

  private static ObjectNode filter(Long runId, TaskStatus status, String user) {
    ObjectNode params = WeftClient.params();
    if (runId != null) {
      params.put("run_id", runId);
    }
    if (status != null) {
      params.put("status", status.display());
    }
    if (user != null) {
      params.put("user_id", user);
    }
    return params;
  }

  private JsonNode detail(long taskId) {
    return call("tasks.detail", WeftClient.params().put("task_id", taskId));
  }

  /** Every task view of a run, oldest first, a page at a time. */
  private List<JsonNode> views(long runId) {
    List<JsonNode> all = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      JsonNode page = call("tasks.list", filter(runId, null, null), PAGE, offset);
      page.forEach(all::add);
      if (page.size() < PAGE) {
        break;
      }
    }
    all.sort(Comparator.comparingLong(v -> id(v, "id")));
    return all;
  }

  // --- the task API's views, read back ---

  private static List<TaskRecord> records(Iterable<JsonNode> views) {
    List<TaskRecord> records = new ArrayList<>();
    views.forEach(v -> records.add(record(v)));
    return records;
  }

  /** A task object of the task API (docs/api.md) as the store's record. */
  static TaskRecord record(JsonNode v) {
    JsonNode result = v.path("result");
    return new TaskRecord(
        id(v, "id"),
        id(v, "run_id"),
        v.path("parent_id").isNull() ? 0 : id(v, "parent_id"),
        text(v, "node_id"),
        text(v, "type"),
        status(text(v, "weft_status")),
        v.path("weft_priority").asInt(),
        text(v, "user_id"),
        v.path("attempts").asInt(),
        result.isMissingNode() || result.isNull() ? null : result.toString(),
        text(v, "error"),
        time(v, "created_at"),
        time(v, "started_at"),
        time(v, "completed_at"),
        v.hasNonNull("original_task_id") ? id(v, "original_task_id") : null,
        v.hasNonNull("weft_progress") ? v.get("weft_progress").asDouble() : null,
        text(v, "progress_note"),
        null);
  }

  private static TaskStatus status(String display) {
    for (TaskStatus s : TaskStatus.values()) {
      if (s.display().equals(display)) {
        return s;
      }
    }
    throw new UserError("the server answered a status this weft does not know: " + display);
  }

  private static long id(JsonNode v, String field) {
    JsonNode id = v.path(field);
    return id.isNumber() ? id.asLong() : Long.parseLong(id.asText());
  }

  private static String text(JsonNode v, String field) {
    JsonNode value = v.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static Instant time(JsonNode v, String field) {
    String text = text(v, field);
    return text == null || text.equals("null") ? null : Instant.parse(text);
  }
}
