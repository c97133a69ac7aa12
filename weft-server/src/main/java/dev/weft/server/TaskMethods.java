package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.range;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.tasks.CopySelection;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskDetails;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.Webhook;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The task-tree API of the orchestrator Weft replaces, method for method (see docs/api.md). */
final class TaskMethods {

  private final Api api;

  TaskMethods(Api api) {
    this.api = api;
  }

  private static final ObjectNode TASK =
      Schemas.type("object", "a task: id, name, status, progress, user_id, parent_id, ...");
  private static final ObjectNode TREE =
      Schemas.type("object", "a task with its children, each with theirs");
  private static final ObjectNode TASKS = arrayOf(TASK, "tasks");

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.add(
        new RpcMethod(
            "tasks.create",
            "Create a task tree (one task, or an array forming a tree); it waits for tasks.execute",
            Scope.SUBMIT,
            object(
                "the tasks",
                "!tasks",
                Schemas.type(List.of("array", "object"), "the tasks of one tree, or one task")
                    .put("maxItems", 10_000)
                    .set("items", TaskTrees.taskSchema())),
            TREE,
            given ->
                given.isArray() || (given.isObject() && !given.has("tasks"))
                    ? tasksParam(given)
                    : given,
            call -> create(call, true, null)));
    m.add(getMethod("tasks.get", "A task by id (null when there is none)"));
    m.add(getMethod("tasks.detail", "A task by id with its attempts (null when there is none)"));
    m.add(
        new RpcMethod(
            "tasks.update",
            "Change a task that has not started: status (cancelled), inputs, params, schemas, name,"
                + " dependencies (while its tree waits for tasks.execute), priority",
            Scope.SUBMIT,
            object(
                "what to change",
                "!task_id",
                id("the task"),
                "status",
                Schemas.oneOfValues("only cancelled can be set", "cancelled"),
                "name",
                string("a new name"),
                "inputs",
                Schemas.anyObject("new inputs (replaces them)"),
                "params",
                Schemas.anyObject("new executor parameters (replaces them)"),
                "schemas",
                Schemas.anyObject("new schemas (method: another type)"),
                "dependencies",
                arrayOf(
                    object(
                        "a dependency",
                        "!id",
                        id("a task of the same tree"),
                        "required",
                        bool("must succeed")),
                    "new dependencies (replaces them)"),
                "priority",
                range(Schemas.integer("0 urgent .. 3 low"), 0, 3),
                "parent_id",
                Schemas.type(List.of("string", "integer", "null"), "cannot be changed"),
                "user_id",
                Schemas.type(List.of("string", "null"), "cannot be changed")),
            TASK,
            this::update));
    m.add(
        new RpcMethod(
            "tasks.delete",
            "Delete a task not started and its children (a tree waiting for tasks.execute)",
            Scope.SUBMIT,
            object("the task", "!task_id", id("the task")),
            object(
                "what was deleted",
                "success",
                bool(null),
                "task_id",
                string(null),
                "deleted_count",
                Schemas.integer(null),
                "children_deleted",
                Schemas.integer(null)),
            this::delete));
    m.add(
        new RpcMethod(
            "tasks.tree",
            "The whole tree a task belongs to, from its run",
            Scope.READ,
            object(
                "the task",
                "task_id",
                id("any task of the tree"),
                "root_id",
                id("the same, by another name")),
            TREE,
            this::tree));
    m.add(
        new RpcMethod(
            "tasks.list",
            "Tasks, newest first, by user and status; root_only lists the roots of trees (runs)",
            Scope.READ,
            object(
                "filters",
                "user_id",
                string("only this user's (yours unless admin)"),
                "status",
                string("pending, in_progress, completed, failed, cancelled, or Weft's"),
                "root_only",
                bool("only the roots of trees"),
                "limit",
                range(Schemas.integer("at most this many (100)"), 1, 1000),
                "offset",
                range(Schemas.integer("skip this many"), 0, Integer.MAX_VALUE)),
            TASKS,
            this::list));
    m.add(
        new RpcMethod(
            "tasks.children",
            "The tasks directly under a task",
            Scope.READ,
            object(
                "the task",
                "parent_id",
                id("the task above them"),
                "task_id",
                id("the same, by another name")),
            TASKS,
            this::children));
    m.add(
        new RpcMethod(
            "tasks.running.list",
            "Running tasks, newest first",
            Scope.READ,
            object(
                "filters",
                "user_id",
                string("only this user's"),
                "limit",
                range(Schemas.integer("at most this many (100)"), 1, 1000)),
            TASKS,
            this::runningList));
    m.add(
        new RpcMethod(
            "tasks.running.status",
            "The status of tasks by id (not_found for those that are not, or not yours)",
            Scope.READ,
            object(
                "the tasks",
                "task_ids",
                arrayOf(id("a task"), "the tasks").put("maxItems", 1000),
                "context_ids",
                arrayOf(id("a task"), "the same, by another name").put("maxItems", 1000)),
            arrayOf(
                Schemas.type("object", "task_id, status, progress, error, is_running, ..."),
                "statuses"),
            this::runningStatus));
    m.add(
        new RpcMethod(
            "tasks.running.count",
            "How many tasks are running",
            Scope.READ,
            object("filters", "user_id", string("only this user's")),
            object("the count", "count", Schemas.integer(null), "user_id", string(null)),
            this::runningCount));
    m.add(
        new RpcMethod(
            "tasks.cancel",
            "Cancel tasks (a run's id: the whole run); waiting ones at once, running ones are"
                + " interrupted",
            Scope.SUBMIT,
            object(
                "the tasks",
                "task_ids",
                arrayOf(id("a task"), "the tasks").put("maxItems", 1000),
                "context_ids",
                arrayOf(id("a task"), "the same, by another name").put("maxItems", 1000),
                "force",
                bool("accepted: Weft always interrupts running tasks"),
                "error_message",
                string("why, kept as the run's error")),
            arrayOf(Schemas.type("object", "task_id, status, message, force"), "one per task"),
            this::cancel));
    m.add(
        new RpcMethod(
            "tasks.copy",
            "Copy tasks into a new run that starts at once, with what depends on them",
            Scope.SUBMIT,
            object(
                "what to copy",
                "!task_id",
                id("the task (or run) to copy under"),
                "copy_mode",
                Schemas.oneOfValues(
                    "minimal: what failed under it; full: all under it; custom: custom_task_ids",
                    "minimal",
                    "full",
                    "custom"),
                "children",
                bool("without copy_mode: copy the task's subtree too (default false)"),
                "custom_task_ids",
                arrayOf(id("a task"), "with copy_mode custom").put("maxItems", 10_000),
                "custom_include_children",
                bool("with copy_mode custom: their subtrees too"),
                "reset_fields",
                arrayOf(
                    string("a field"),
                    "inputs, priority (status, progress, result, error always are)"),
                "save",
                bool("must be true (the default): copies are stored")),
            TREE,
            this::copy));
    m.add(
        new RpcMethod(
            "tasks.execute",
            "Start a tree created by tasks.create (or run again what failed of one), or create and"
                + " start one from tasks",
            Scope.SUBMIT,
            object(
                "what to execute",
                "task_id",
                id("a task of the tree"),
                "tasks",
                Schemas.type("array", "a tree to create and start")
                    .put("maxItems", 10_000)
                    .set("items", TaskTrees.taskSchema()),
                "use_streaming",
                bool(
                    "answer as Server-Sent Events: the response, then the run's events until it"
                        + " ends"),
                "webhook_config",
                WebhookParams.schema("a URL to call when the run ends (see docs/api.md)"),
                "copy_execution",
                bool("copy the tree and execute the copy"),
                "copy_children",
                bool("with copy_execution: the task's subtree too")),
            object(
                "what happened",
                "success",
                bool(null),
                "protocol",
                string(null),
                "root_task_id",
                string(null),
                "task_id",
                string(null),
                "status",
                string(null),
                "message",
                string(null),
                "streaming",
                bool("with use_streaming: the run's events follow"),
                "events_after",
                Schemas.type(
                    "integer", "with use_streaming: the events follow from after this id")),
            given -> given.isArray() ? tasksParam(given) : given,
            this::execute));
    return m;
  }

  /** tasks.create's params: an array of tasks, one task, or {tasks: ...}. */
  private static JsonNode tasksParam(JsonNode given) {
    ObjectNode named = Jsons.object();
    named.set("tasks", given);
    return named;
  }

  private RpcMethod getMethod(String name, String summary) {
    return new RpcMethod(
        name,
        summary,
        Scope.READ,
        object("the task", "task_id", id("the task"), "id", id("the same, by another name")),
        Schemas.type(List.of("object", "null"), "the task, or null"),
        call -> {
          long id = Api.idParam(call.params(), "task_id", "id");
          TaskRecord task = api.findVisible(id, call.caller()).orElse(null);
          if (task == null) {
            return null;
          }
          ObjectNode view = api.view(task, api.runData(task));
          if (name.equals("tasks.detail")) {
            ArrayNode attempts = view.putArray("attempt_history");
            for (var a : api.store.attempts(id)) {
              ObjectNode at = attempts.addObject();
              at.put("attempt", a.attempt());
              at.put("worker", a.worker());
              at.put("started_at", String.valueOf(a.startedAt()));
              at.put("finished_at", a.finishedAt() == null ? null : a.finishedAt().toString());
              at.put("outcome", a.outcome());
              at.put("error", a.error());
            }
          }
          return view;
        });
  }

  // --- tasks.create / tasks.execute ---

  private JsonNode create(RpcMethod.Call call, boolean held, Webhook hook) {
    JsonNode given = call.params().get("tasks");
    if (given.isObject() && given.has("tasks") && !given.has("name")) {
      given = given.get("tasks"); // {tasks: {tasks: [...]}} from a client that wraps twice
    }
    if (!given.isArray() && !given.isObject()) {
      throw RpcException.invalidParams("tasks", "must be an array of tasks or one task");
    }
    for (JsonNode t : given.isArray() ? given : Jsons.array().add(given)) {
      if (!t.isObject()) {
        throw RpcException.invalidParams(
            "tasks", "each task must be an object, not " + Schemas.kind(t));
      }
    }
    TaskTrees.Tree tree =
        TaskTrees.build(TaskTrees.tasksOf(given, "tasks"), "tasks", call.caller(), api);
    long run =
        api.store.createRun(
            tree.plan(),
            api.now(),
            api.now(),
            new TaskStore.NewRun(tree.user(), held, tree.details(), hook));
    TaskRecord root = api.store.task(run).orElseThrow();
    return api.tree(root, api.runData(root));
  }

  /**
   * tasks.execute; with {@code use_streaming}, a result the server answers as a stream of the run's
   * events from {@code events_after} on ({@link EventStream#streamRun}) when the run is started or
   * already running.
   */
  private JsonNode execute(RpcMethod.Call call) {
    boolean streaming = call.params().path("use_streaming").asBoolean(false);
    long before = streaming ? api.store.lastEventId() : 0;
    ObjectNode result = start(call);
    if (streaming
        && (result.path("success").asBoolean()
            || result.path("status").asText().equals("already_running"))) {
      result.put("streaming", true).put("events_after", before);
    }
    return result;
  }

  private ObjectNode start(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Webhook hook = WebhookParams.read(p.get("webhook_config"), "webhook_config", api.config);
    boolean hasId = p.hasNonNull("task_id");
    boolean hasTasks = p.hasNonNull("tasks");
    if (hasId == hasTasks) {
      throw RpcException.invalidParams("task_id", "give task_id, or tasks, but not both");
    }
    if (hasTasks) {
      ObjectNode created = (ObjectNode) create(call, false, hook);
      return started(
          created.get("id").asText(),
          created.get("id").asText(),
          "started",
          "Task tree " + created.get("id").asText() + " started",
          true);
    }
    long id = Api.id(p.get("task_id"));
    TaskRecord task = api.visibleTask(id, call.caller());
    if (p.path("copy_execution").asBoolean(false)) {
      List<Long> seeds =
          p.path("copy_children").asBoolean(false)
              ? CopySelection.seeds(api.store, id, CopySelection.Mode.FULL, List.of())
              : List.of(id);
      long copy = copyOf(seeds, TaskStore.CopyReset.NONE);
      if (hook != null) {
        api.store.webhooks().save(copy, hook);
      }
      return started(
              String.valueOf(copy),
              String.valueOf(copy),
              "started",
              "A copy of task " + id + " started as run " + copy,
              true)
          .put("original_task_id", String.valueOf(id));
    }
    long run = task.rootId();
    TaskRecord root = api.store.task(run).orElseThrow();
    if (hook != null) {
      api.store.webhooks().save(run, hook); // before it starts: it sees every event from there
    }
    if (api.store.startRun(run, api.now())) {
      return started(
          String.valueOf(run),
          String.valueOf(id),
          "started",
          "Task tree " + run + " started",
          true);
    }
    if (root.status() == TaskStatus.RUNNING) {
      return started(
          String.valueOf(run),
          String.valueOf(id),
          "already_running",
          "Task tree " + run + " is already running",
          false);
    }
    int again = api.store.retryFailed(run, api.now());
    if (again > 0) {
      return started(
          String.valueOf(run),
          String.valueOf(id),
          "started",
          again + " tasks of tree " + run + " that did not succeed run again",
          true);
    }
    return started(
        String.valueOf(run),
        String.valueOf(id),
        "already_completed",
        "Task tree " + run + " has already " + root.status().display(),
        false);
  }

  private static ObjectNode started(
      String root, String task, String status, String message, boolean ok) {
    ObjectNode r = Jsons.object();
    r.put("success", ok);
    r.put("protocol", "jsonrpc");
    r.put("root_task_id", root);
    r.put("task_id", task);
    r.put("status", status);
    r.put("message", message);
    return r;
  }

  // --- reads ---

  private JsonNode tree(RpcMethod.Call call) {
    long id = Api.idParam(call.params(), "task_id", "root_id");
    TaskRecord task = api.visibleTask(id, call.caller());
    Api.RunData data = api.runData(task);
    return api.tree(data.run, data);
  }

  private JsonNode list(RpcMethod.Call call) {
    ObjectNode p = call.params();
    String user = visibleUser(p.path("user_id").asText(null), call.caller());
    TaskStatus status =
        p.hasNonNull("status") ? Api.status(p.get("status").asText(), "status") : null;
    int limit = p.path("limit").asInt(100);
    int offset = p.path("offset").asInt(0);
    List<TaskRecord> found =
        p.path("root_only").asBoolean(false)
            ? api.store.findRuns(user, status, limit, offset)
            : api.store.findTasks(null, status, user, limit, offset);
    return views(found);
  }

  /** The user a listing is limited to: the one asked for, and a non-admin only their own. */
  private static String visibleUser(String asked, Caller caller) {
    if (caller.admin()) {
      return asked;
    }
    if (asked != null && !asked.equals(caller.user())) {
      throw RpcException.of(
          Errors.FORBIDDEN, "Forbidden: only admins list other users' tasks", "user_id", asked);
    }
    return caller.user();
  }

  private ArrayNode views(List<TaskRecord> tasks) {
    ArrayNode out = Jsons.array();
    Map<Long, Api.RunData> runs = new LinkedHashMap<>();
    for (TaskRecord t : tasks) {
      Api.RunData data = runs.computeIfAbsent(t.rootId(), r -> api.runData(t));
      out.add(api.view(t, data));
    }
    return out;
  }

  private JsonNode children(RpcMethod.Call call) {
    long id = Api.idParam(call.params(), "parent_id", "task_id");
    TaskRecord task = api.visibleTask(id, call.caller());
    Api.RunData data = api.runData(task);
    ArrayNode out = Jsons.array();
    data.children(id).forEach(c -> out.add(api.view(c, data)));
    return out;
  }

  private JsonNode runningList(RpcMethod.Call call) {
    String user = visibleUser(call.params().path("user_id").asText(null), call.caller());
    return views(
        api.store.findTasks(
            null, TaskStatus.RUNNING, user, call.params().path("limit").asInt(100), 0));
  }

  private JsonNode runningCount(RpcMethod.Call call) {
    String user = visibleUser(call.params().path("user_id").asText(null), call.caller());
    ObjectNode r = Jsons.object();
    r.put("count", api.store.countTasks(null, TaskStatus.RUNNING, user));
    if (user != null) {
      r.put("user_id", user);
    }
    return r;
  }

  private static List<Long> ids(ObjectNode p) {
    JsonNode list = p.hasNonNull("task_ids") ? p.get("task_ids") : p.get("context_ids");
    if (list == null) {
      throw RpcException.invalidParams("task_ids", "is required");
    }
    List<Long> ids = new ArrayList<>();
    list.forEach(x -> ids.add(Api.id(x)));
    return ids;
  }

  private JsonNode runningStatus(RpcMethod.Call call) {
    ArrayNode out = Jsons.array();
    for (long id : ids(call.params())) {
      ObjectNode s = out.addObject();
      s.put("task_id", String.valueOf(id));
      s.put("context_id", String.valueOf(id));
      TaskRecord t = api.findVisible(id, call.caller()).orElse(null);
      if (t == null) {
        s.put("status", "not_found");
        continue;
      }
      s.put("status", Api.apiStatus(t.status()));
      s.put("weft_status", t.status().display());
      s.put("progress", t.status().succeeded() ? 1.0 : t.progress() == null ? 0.0 : t.progress());
      s.put("error", t.error());
      s.put("is_running", t.status() == TaskStatus.RUNNING);
      s.put("started_at", t.startedAt() == null ? null : t.startedAt().toString());
      s.put(
          "updated_at",
          String.valueOf(
              t.finishedAt() != null
                  ? t.finishedAt()
                  : t.startedAt() != null ? t.startedAt() : t.createdAt()));
    }
    return out;
  }

  // --- changes ---

  private JsonNode cancel(RpcMethod.Call call) {
    ObjectNode p = call.params();
    boolean force = p.path("force").asBoolean(false);
    String reason = p.path("error_message").asText(null);
    ArrayNode out = Jsons.array();
    for (long id : ids(p)) {
      ObjectNode r = out.addObject();
      r.put("task_id", String.valueOf(id));
      r.put("force", force);
      r.putNull("token_usage");
      r.putNull("result");
      TaskRecord t = api.findVisible(id, call.caller()).orElse(null);
      if (t == null) {
        r.put("status", "not_found");
        r.put("message", "No task " + id);
        continue;
      }
      if (t.status().ended()) {
        r.put("status", "failed");
        r.put("message", "Task " + id + " has already ended: " + t.status().display());
        continue;
      }
      List<StatusChange> changes =
          t.parentId() == 0
              ? api.store.cancelRun(id, api.now(), reason)
              : api.store.cancelTask(id, api.now());
      boolean now = changes.stream().anyMatch(c -> c.taskId() == id) || t.parentId() == 0;
      r.put("status", now ? "cancelled" : "cancelling");
      r.put(
          "message",
          now
              ? "Task cancelled successfully"
              : "Task " + id + " is running: its worker was asked to stop it");
    }
    return out;
  }

  private JsonNode copy(RpcMethod.Call call) {
    ObjectNode p = call.params();
    if (!p.path("save").asBoolean(true)) {
      throw RpcException.invalidParams(
          "save", "previews are not supported: copies are always stored");
    }
    long id = Api.id(p.get("task_id"));
    TaskRecord top = api.visibleTask(id, call.caller());
    TaskStore.CopyReset reset = TaskStore.CopyReset.NONE;
    if (p.has("reset_fields")) {
      boolean inputs = false;
      boolean priority = false;
      for (JsonNode f : p.get("reset_fields")) {
        switch (f.asText()) {
          case "inputs" -> inputs = true;
          case "priority" -> priority = true;
          case "status", "progress", "result", "error", "started_at", "completed_at" -> {}
          default ->
              throw RpcException.invalidParams(
                  "reset_fields", "'" + f.asText() + "' cannot be reset (inputs, priority)");
        }
      }
      reset = new TaskStore.CopyReset(inputs, priority);
    }
    List<Long> seeds;
    try {
      if (!p.hasNonNull("copy_mode")) {
        seeds =
            p.path("children").asBoolean(false)
                ? CopySelection.seeds(api.store, id, CopySelection.Mode.FULL, List.of())
                : List.of(id);
      } else {
        CopySelection.Mode mode = CopySelection.Mode.of(p.get("copy_mode").asText());
        List<String> nodeIds = new ArrayList<>();
        if (mode == CopySelection.Mode.CUSTOM) {
          if (!p.hasNonNull("custom_task_ids")) {
            throw RpcException.invalidParams(
                "custom_task_ids", "is required with copy_mode custom");
          }
          for (JsonNode c : p.get("custom_task_ids")) {
            TaskRecord t = api.visibleTask(Api.id(c), call.caller());
            if (t.rootId() != top.rootId()) {
              throw RpcException.invalidParams(
                  "custom_task_ids", "task " + t.id() + " is of another tree");
            }
            nodeIds.add(t.nodeId());
            if (p.path("custom_include_children").asBoolean(false)) {
              CopySelection.seeds(api.store, t.id(), CopySelection.Mode.FULL, List.of())
                  .forEach(s -> nodeIds.add(api.store.task(s).orElseThrow().nodeId()));
            }
          }
        }
        seeds = CopySelection.seeds(api.store, id, mode, nodeIds);
      }
    } catch (IllegalArgumentException e) {
      throw RpcException.of(Errors.CONFLICT, e.getMessage(), "task_id", String.valueOf(id));
    }
    long copy = copyOf(seeds, reset);
    TaskRecord root = api.store.task(copy).orElseThrow();
    return api.tree(root, api.runData(root));
  }

  private long copyOf(List<Long> seeds, TaskStore.CopyReset reset) {
    if (seeds.size() == 1
        && api.store.task(seeds.getFirst()).map(t -> t.parentId() == 0).orElse(false)) {
      seeds = api.store.tasks(seeds.getFirst()).stream().map(TaskRecord::id).toList();
    }
    try {
      return api.store.copyTasks(seeds, api.now(), reset);
    } catch (IllegalArgumentException e) {
      throw RpcException.of(Errors.CONFLICT, e.getMessage());
    }
  }

  private JsonNode update(RpcMethod.Call call) {
    ObjectNode p = call.params();
    long id = Api.id(p.get("task_id"));
    for (String fixed : List.of("parent_id", "user_id")) {
      if (p.has(fixed)) {
        throw RpcException.invalidParams(
            fixed, "cannot be changed: a tree's shape and owner are fixed");
      }
    }
    TaskRecord task = api.visibleTask(id, call.caller());
    if (p.hasNonNull("status")) {
      if (!task.status().ended()) {
        if (task.parentId() == 0) {
          api.store.cancelRun(id, api.now());
        } else {
          api.store.cancelTask(id, api.now());
        }
      }
    }
    boolean structural =
        p.has("inputs")
            || p.has("params")
            || p.has("schemas")
            || p.has("name")
            || p.has("dependencies");
    Integer priority =
        p.hasNonNull("priority") ? Api.weftPriority(p.get("priority").asInt()) : null;
    if (!structural && priority == null) {
      return api.view(api.store.task(id).orElseThrow(), api.runData(task));
    }
    if (task.parentId() == 0) {
      throw RpcException.invalidParams(
          "task_id", "is a run (the root of its tree): change its tasks");
    }
    TaskRecord run = api.store.task(task.rootId()).orElseThrow();
    if (structural && run.status() != TaskStatus.PENDING) {
      throw RpcException.of(
          Errors.CONFLICT,
          "Task "
              + id
              + " cannot change: its tree has started (inputs, params, schemas, name and"
              + " dependencies change only before tasks.execute)",
          "task_id",
          String.valueOf(id),
          "status",
          Api.apiStatus(task.status()));
    }
    TaskStore.TaskUpdate change;
    if (!structural) {
      change = new TaskStore.TaskUpdate(priority, null, null, null);
    } else {
      change = structuralChange(p, task, run, priority);
    }
    if (!api.store.updateTask(id, change, api.now())) {
      throw RpcException.of(
          Errors.CONFLICT,
          "Task " + id + " has started: only tasks not started change",
          "task_id",
          String.valueOf(id),
          "status",
          Api.apiStatus(task.status()));
    }
    TaskRecord updated = api.store.task(id).orElseThrow();
    return api.view(updated, api.runData(updated));
  }

  private TaskStore.TaskUpdate structuralChange(
      ObjectNode p, TaskRecord task, TaskRecord run, Integer priority) {
    Pipeline pipeline = api.pipeline(run.id());
    TaskDetails old = api.store.details(run.id()).get(task.id());
    Node node = pipeline.nodesById().get(task.nodeId());
    String name =
        p.hasNonNull("name") ? p.get("name").asText() : old != null ? old.name() : task.nodeId();
    JsonNode inputs =
        p.has("inputs")
            ? p.get("inputs")
            : old == null ? Jsons.tree(node.with()) : Jsons.parse(old.inputsJson());
    JsonNode params =
        p.has("params")
            ? p.get("params")
            : old == null ? Jsons.object() : Jsons.parse(old.paramsJson());
    JsonNode schemas =
        p.has("schemas")
            ? p.get("schemas")
            : old == null
                ? Jsons.object().put("method", node.type())
                : Jsons.parse(old.schemasJson());
    ObjectNode asTask = Jsons.object();
    asTask.put("name", name);
    if (!inputs.isNull()) {
      asTask.set("inputs", inputs);
    }
    if (!params.isNull()) {
      asTask.set("params", params);
    }
    if (!schemas.isNull()) {
      asTask.set("schemas", schemas);
    }
    // The node again, as tasks.create makes it: type, config, dependencies.
    Map<Long, TaskRecord> byId = new LinkedHashMap<>();
    api.store.tasks(run.id()).forEach(t -> byId.put(t.id(), t));
    List<Dependency> after = node.after();
    List<TaskDependency> deps = null;
    if (p.has("dependencies")) {
      after = new ArrayList<>();
      deps = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      JsonNode given = p.get("dependencies");
      for (int d = 0; d < given.size(); d++) {
        long on = Api.id(given.get(d).get("id"));
        TaskRecord dep = byId.get(on);
        if (dep == null || on == task.id()) {
          throw RpcException.invalidParams(
              "dependencies[" + d + "].id", "no other task " + on + " in this task's tree");
        }
        if (!seen.add(on)) {
          throw RpcException.invalidParams("dependencies[" + d + "].id", "is given twice");
        }
        boolean required = given.get(d).path("required").asBoolean(true);
        after.add(new Dependency(dep.nodeId(), required));
        deps.add(new TaskDependency(task.id(), on, required));
      }
    }
    String type = typeOf(asTask);
    Map<String, Object> with = new LinkedHashMap<>();
    if (params.isObject()) {
      with.putAll(Jsons.MAPPER.convertValue(params, MAP));
      with.remove("executor_id");
    }
    if (inputs.isObject()) {
      with.putAll(Jsons.MAPPER.convertValue(inputs, MAP));
    }
    Node changed =
        new Node(
            node.id(),
            type,
            after,
            with,
            node.retry(),
            node.timeout(),
            node.priority(),
            node.user(),
            node.when(),
            node.exclusive(),
            node.limit(),
            node.cache(),
            node.continueOnFailure(),
            node.always(),
            node.tags(),
            node.breaker(),
            node.rate(),
            node.isolation(),
            node.routing(),
            node.runtime());
    api.checkPolicy(changed, "task_id");
    List<Node> nodes = new ArrayList<>();
    String[] nodeIds = new String[pipeline.nodes().size()];
    for (int i = 0; i < pipeline.nodes().size(); i++) {
      Node n = pipeline.nodes().get(i);
      nodes.add(n.id().equals(node.id()) ? changed : n);
      nodeIds[i] = n.id();
    }
    Pipeline rewritten = pipeline.withNodes(nodes);
    TaskTrees.check(rewritten, nodeIds, "task", api);
    TaskDetails details =
        new TaskDetails(
            name,
            inputs.isNull() ? null : Jsons.text(inputs),
            params.isNull() ? null : Jsons.text(params),
            schemas.isNull() ? null : Jsons.text(schemas));
    return new TaskStore.TaskUpdate(priority, deps, details, RunPlans.pipelineJson(rewritten));
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private String typeOf(ObjectNode t) {
    String type =
        t.path("params").hasNonNull("executor_id")
            ? t.get("params").get("executor_id").asText()
            : t.path("schemas").hasNonNull("method")
                ? t.get("schemas").get("method").asText()
                : null;
    if (type == null || api.types.find(type, dev.weft.tasks.TaskNodeType.class).isEmpty()) {
      throw RpcException.invalidParams("schemas.method", "no task type '" + type + "'");
    }
    return type;
  }

  private JsonNode delete(RpcMethod.Call call) {
    long id = Api.id(call.params().get("task_id"));
    TaskRecord task = api.visibleTask(id, call.caller());
    TaskRecord run = api.store.task(task.rootId()).orElseThrow();
    if (run.status() != TaskStatus.PENDING) {
      throw RpcException.of(
          Errors.CONFLICT,
          "Cannot delete task "
              + id
              + ": its tree has started (only trees waiting for"
              + " tasks.execute can be deleted; tasks.cancel stops a started one)",
          "task_id",
          String.valueOf(id),
          "status",
          Api.apiStatus(task.status()));
    }
    List<TaskRecord> all = api.store.tasks(run.id());
    Set<Long> doomed = new HashSet<>();
    if (task.parentId() == 0) {
      int deleted = api.store.deleteTasks(run.id(), List.of(run.id()), null);
      return deleted(id, deleted, deleted - 1);
    }
    doomed.add(id);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (TaskRecord t : all) {
        if (doomed.contains(t.parentId()) && doomed.add(t.id())) {
          grew = true;
        }
      }
    }
    List<String> dependents = new ArrayList<>();
    for (TaskDependency d : api.store.dependencies(run.id())) {
      if (doomed.contains(d.dependsOn()) && !doomed.contains(d.taskId())) {
        dependents.add(String.valueOf(d.taskId()));
      }
    }
    if (!dependents.isEmpty()) {
      throw RpcException.of(
          Errors.CONFLICT,
          "Cannot delete task "
              + id
              + ": "
              + dependents.size()
              + " tasks depend on it: "
              + dependents,
          "task_id",
          String.valueOf(id),
          "dependents",
          dependents);
    }
    Pipeline pipeline = api.pipeline(run.id());
    Set<String> doomedNodes = new HashSet<>();
    all.stream().filter(t -> doomed.contains(t.id())).forEach(t -> doomedNodes.add(t.nodeId()));
    Pipeline rest =
        pipeline.withNodes(
            pipeline.nodes().stream().filter(n -> !doomedNodes.contains(n.id())).toList());
    int deleted = api.store.deleteTasks(run.id(), doomed, RunPlans.pipelineJson(rest));
    return deleted(id, deleted, deleted - 1);
  }

  private static ObjectNode deleted(long id, int count, int children) {
    ObjectNode r = Jsons.object();
    r.put("success", count > 0);
    r.put("task_id", String.valueOf(id));
    r.put("deleted_count", count);
    r.put("children_deleted", Math.max(0, children));
    return r;
  }
}
