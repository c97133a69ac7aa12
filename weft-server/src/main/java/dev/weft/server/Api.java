package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.RunSpans;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskDetails;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the methods share: the store, the node types, the settings, and the task API's view of
 * Weft's tasks. A run is the root task of its tree; its nodes are its children, a node under
 * another when the tree says so; see docs/api.md.
 */
final class Api {

  final TaskStore store;
  final NodeTypes types;
  final ServerConfig config;
  final Clock clock;
  final Tracing tracing;
  final RunSpans runSpans;

  Api(TaskStore store, NodeTypes types, ServerConfig config, Clock clock, Tracing tracing) {
    this.store = store;
    this.types = types;
    this.config = config;
    this.clock = clock;
    this.tracing = tracing;
    this.runSpans = new RunSpans(store, tracing);
  }

  /**
   * The trace context of a run {@code caller} submits: in the caller's trace when its request
   * carried a {@code traceparent}, else a new one; {@code null} when the server does not trace.
   */
  TraceContext trace(Caller caller) {
    return tracing.newRun(caller.traceparent(), caller.tracestate());
  }

  Instant now() {
    return clock.instant();
  }

  // --- ids and access ---

  /** A param that holds an id (a number, or digits as text). */
  static long id(JsonNode value) {
    return value.isNumber() ? value.asLong() : Long.parseLong(value.asText());
  }

  /** The first of these params that is given, as an id; -32602 naming the first when none is. */
  static long idParam(ObjectNode params, String... names) {
    for (String name : names) {
      if (params.hasNonNull(name)) {
        return id(params.get(name));
      }
    }
    throw RpcException.invalidParams(names[0], "is required");
  }

  /** The ids of {@code task_ids} (or {@code context_ids}); -32602 when neither is given. */
  static List<Long> ids(ObjectNode p) {
    JsonNode list = p.hasNonNull("task_ids") ? p.get("task_ids") : p.get("context_ids");
    if (list == null) {
      throw RpcException.invalidParams("task_ids", "is required");
    }
    List<Long> ids = new ArrayList<>();
    list.forEach(x -> ids.add(Api.id(x)));
    return ids;
  }

  /**
   * Copies {@code seeds} (a run's id alone: all its tasks) into a new run, started; -32005 when the
   * store refuses the copy, saying why. Returns the new run's id.
   */
  long copyOf(List<Long> seeds, TaskStore.CopyReset reset) {
    if (seeds.size() == 1
        && store.task(seeds.getFirst()).map(t -> t.parentId() == 0).orElse(false)) {
      seeds = store.tasks(seeds.getFirst()).stream().map(TaskRecord::id).toList();
    }
    try {
      return store.copyTasks(seeds, now(), reset);
    } catch (IllegalArgumentException e) {
      throw RpcException.of(Errors.CONFLICT, e.getMessage());
    }
  }

  /** The owner of the run of {@code task}: its run's user. */
  String owner(TaskRecord task) {
    if (task.parentId() == 0) {
      return task.user();
    }
    return store.task(task.rootId()).map(TaskRecord::user).orElse(null);
  }

  /** The task if it exists and the caller may see it; otherwise -32004 (not saying which). */
  TaskRecord visibleTask(long id, Caller caller) {
    return findVisible(id, caller)
        .orElseThrow(() ->
            RpcException.of(Errors.NOT_FOUND, "No task " + id, "task_id", String.valueOf(id)));
  }

  java.util.Optional<TaskRecord> findVisible(long id, Caller caller) {
    return store.task(id).filter(t -> caller.mayAccess(owner(t)));
  }

  /** The run if it exists and the caller may see it; otherwise -32004. */
  TaskRecord visibleRun(long id, Caller caller) {
    return store
        .task(id)
        .filter(t -> t.parentId() == 0 && caller.mayAccess(t.user()))
        .orElseThrow(() -> RpcException.of(Errors.NOT_FOUND, "No run " + id, "run_id", id));
  }

  /**
   * The user a call acts for: {@code asked} when the caller may (admins, or the caller's own name),
   * the caller's own when nothing is asked.
   */
  String actingUser(String asked, Caller caller, String field) {
    if (asked == null) {
      return caller.user();
    }
    if (caller.admin() || asked.equals(caller.user())) {
      return asked;
    }
    throw RpcException.of(
        Errors.FORBIDDEN,
        "Forbidden: only admins act for other users",
        "field",
        field,
        "user",
        asked);
  }

  // --- what the API refuses ---

  /**
   * Refuses nodes the server's settings do not allow through the API: {@code shell} without
   * allow-shell, and nodes that read or write files on the server without allow-files.
   */
  void checkPolicy(Node node, String field) {
    if (node.type().equals("shell") && !config.allowShell()) {
      throw RpcException.of(
          Errors.REFUSED,
          "shell tasks are refused through the API: the server's allow-shell is off",
          "field",
          field,
          "node",
          node.id(),
          "type",
          node.type(),
          "setting",
          "server.allow-shell");
    }
    if (config.allowFiles()) {
      return;
    }
    boolean files = node.type().equals("pipeline");
    NodeType type = types.find(node.type()).orElse(null);
    if (type != null) {
      for (ConfigSchema.Field f : type.schema().fields()) {
        files |= f.type() == ConfigSchema.Type.PATH && node.with().get(f.name()) != null;
      }
    }
    if (files) {
      throw RpcException.of(
          Errors.REFUSED,
          "node type '"
              + node.type()
              + "' reads or writes files on the server: refused through the"
              + " API while the server's allow-files is off",
          "field",
          field,
          "node",
          node.id(),
          "type",
          node.type(),
          "setting",
          "server.allow-files");
    }
  }

  // --- the task API's view of tasks ---

  /** The task API's status for a Weft status. */
  static String apiStatus(TaskStatus status) {
    return switch (status) {
      case PENDING, READY -> "pending";
      case RUNNING -> "in_progress";
      case SUCCEEDED, CACHED, SKIPPED, SUCCEEDED_WITH_FAILURES -> "completed";
      case FAILED, UPSTREAM_FAILED -> "failed";
      case CANCELLED -> "cancelled";
    };
  }

  /** A status filter: the task API's names (pending, in_progress, ...) or Weft's. */
  static TaskStatus status(String name, String field) {
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "in_progress":
        return TaskStatus.RUNNING;
      case "completed":
        return TaskStatus.SUCCEEDED;
      default:
        for (TaskStatus s : TaskStatus.values()) {
          if (s.display().equals(n) || s.name().equalsIgnoreCase(n)) {
            return s;
          }
        }
    }
    throw RpcException.invalidParams(
        field,
        "unknown status '"
            + name
            + "' (pending, in_progress, completed, failed, cancelled,"
            + " or Weft's: ready, running, succeeded, upstream-failed, skipped, cached)");
  }

  /** The task API's priority (0 urgent .. 3 low) of a Weft priority (higher first). */
  static int apiPriority(int weft) {
    return Math.max(0, Math.min(3, 3 - weft));
  }

  /** The Weft priority of the task API's (0 urgent .. 3 low). */
  static int weftPriority(int api) {
    return 3 - api;
  }

  /**
   * The nodes of the pipelines of runs that have started, by run: a started run's pipeline never
   * changes (a held one's may), and parsing a large one for every view would cost more than the
   * view.
   */
  private final Map<Long, Map<String, Node>> nodes =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Map<String, Node>> eldest) {
              return size() > 64;
            }
          });

  private Map<String, Node> nodesOf(TaskRecord run) {
    Map<String, Node> known = nodes.get(run.id());
    if (known != null) {
      return known;
    }
    Map<String, Node> byId;
    try {
      byId = RunPlans.pipeline(store.pipelineJson(run.id())).nodesById();
    } catch (RuntimeException e) {
      byId = Map.of(); // a run without a readable pipeline shows its tasks without their config
    }
    if (run.status() != TaskStatus.PENDING) {
      nodes.put(run.id(), byId);
    }
    return byId;
  }

  /** What a view of the tasks of one run needs, each read once and only when needed. */
  final class RunData {
    final TaskRecord run;
    private List<TaskRecord> tasks;
    private Map<Long, List<TaskDependency>> deps;
    private Map<Long, TaskDetails> details;
    private Map<String, Node> nodes;

    RunData(TaskRecord run) {
      this.run = run;
    }

    List<TaskRecord> tasks() {
      if (tasks == null) {
        tasks = store.tasks(run.id());
      }
      return tasks;
    }

    Map<Long, List<TaskDependency>> deps() {
      if (deps == null) {
        deps = new HashMap<>();
        for (TaskDependency d : store.dependencies(run.id())) {
          deps.computeIfAbsent(d.taskId(), k -> new ArrayList<>()).add(d);
        }
      }
      return deps;
    }

    Map<Long, TaskDetails> details() {
      if (details == null) {
        details = store.details(run.id());
      }
      return details;
    }

    Map<String, Node> nodes() {
      if (nodes == null) {
        nodes = nodesOf(run);
      }
      return nodes;
    }

    List<TaskRecord> children(long parent) {
      return tasks().stream().filter(t -> t.parentId() == parent).toList();
    }
  }

  RunData runData(TaskRecord anyTaskOfRun) {
    TaskRecord run =
        anyTaskOfRun.parentId() == 0
            ? anyTaskOfRun
            : store.task(anyTaskOfRun.rootId()).orElseThrow();
    return new RunData(run);
  }

  /** A task as the task API shows it (a run as the root task of its tree). */
  ObjectNode view(TaskRecord t, RunData data) {
    ObjectNode v = Jsons.object();
    boolean isRun = t.parentId() == 0;
    TaskDetails details = data.details().get(t.id());
    Node node = isRun ? null : data.nodes().get(t.nodeId());
    v.put("id", String.valueOf(t.id()));
    v.put("name", details != null && details.name() != null ? details.name() : t.nodeId());
    v.put("status", apiStatus(t.status()));
    v.put("weft_status", t.status().display());
    v.put("progress", t.status().succeeded() ? 1.0 : t.progress() == null ? 0.0 : t.progress());
    if (t.progress() == null) {
      v.putNull("weft_progress");
    } else {
      v.put("weft_progress", t.progress());
    }
    if (t.progressNote() != null) {
      v.put("progress_note", t.progressNote());
    }
    v.put("user_id", isRun ? t.user() : t.user() != null ? t.user() : data.run.user());
    if (isRun) {
      v.putNull("parent_id");
    } else {
      v.put("parent_id", String.valueOf(t.parentId()));
    }
    v.put("run_id", String.valueOf(t.rootId()));
    v.put("node_id", t.nodeId());
    v.put("type", t.type());
    v.put("priority", apiPriority(t.priority()));
    v.put("weft_priority", t.priority());
    ArrayNode deps = v.putArray("dependencies");
    for (TaskDependency d : data.deps().getOrDefault(t.id(), List.of())) {
      deps.addObject().put("id", String.valueOf(d.dependsOn())).put("required", d.required());
    }
    if (details != null) {
      v.set("inputs", orEmpty(details.inputsJson()));
      v.set("params", orEmpty(details.paramsJson()));
      v.set("schemas", orEmpty(details.schemasJson()));
    } else {
      v.set("inputs", node == null ? Jsons.object() : Jsons.tree(node.with()));
      v.set("params", Jsons.object());
      v.set("schemas", isRun ? Jsons.object() : Jsons.object().put("method", t.type()));
    }
    v.set("result", Jsons.parse(t.resultJson()));
    if (t.error() == null) {
      v.putNull("error");
    } else {
      v.put("error", t.error());
    }
    v.put("attempts", t.attempt());
    v.put("created_at", String.valueOf(t.createdAt()));
    putTime(v, "started_at", t.startedAt());
    putTime(v, "completed_at", t.finishedAt());
    Instant updated =
        t.finishedAt() != null
            ? t.finishedAt()
            : t.startedAt() != null ? t.startedAt() : t.createdAt();
    putTime(v, "updated_at", updated);
    if (t.originalId() != null) {
      v.put("original_task_id", String.valueOf(t.originalId()));
    }
    return v;
  }

  private static JsonNode orEmpty(String json) {
    JsonNode node = Jsons.parse(json);
    return node.isNull() ? Jsons.object() : node;
  }

  private static void putTime(ObjectNode v, String key, Instant t) {
    if (t == null) {
      v.putNull(key);
    } else {
      v.put(key, t.toString());
    }
  }

  /** The task and everything under it, each with its {@code children}. */
  ObjectNode tree(TaskRecord top, RunData data) {
    ObjectNode v = view(top, data);
    ArrayNode children = v.putArray("children");
    for (TaskRecord child : data.children(top.id())) {
      children.add(tree(child, data));
    }
    return v;
  }

  /** The pipeline a run keeps. */
  Pipeline pipeline(long runId) {
    return RunPlans.pipeline(store.pipelineJson(runId));
  }
}
