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
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The task API's reads: a task, a tree, children, lists and what is running. */
final class TaskReads {

  private final Api api;

  TaskReads(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.add(getMethod("tasks.get", "A task by id (null when there is none)"));
    m.add(
        getMethod(
            "tasks.detail",
            "A task by id with its attempts and last checkpoint (null when there is none)"));
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
            TaskMethods.TREE,
            this::tree));
    m.add(
        new RpcMethod(
            "tasks.list",
            "Tasks, newest first, by user and status; root_only lists the roots of trees (runs)",
            Scope.READ,
            filters(
                "limit",
                range(Schemas.integer("at most this many (100)"), 1, 1000),
                "offset",
                range(Schemas.integer("skip this many"), 0, Integer.MAX_VALUE)),
            TaskMethods.TASKS,
            this::list));
    m.add(
        new RpcMethod(
            "tasks.count",
            "How many tasks tasks.list would list without limit and offset (Weft's)",
            Scope.READ,
            filters(),
            object("the count", "count", Schemas.integer(null)),
            this::count));
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
            TaskMethods.TASKS,
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
            TaskMethods.TASKS,
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
    return m;
  }

  /** The params of tasks.list and tasks.count: the filters, then {@code more}. */
  private static ObjectNode filters(Object... more) {
    Object[] props = {
      "user_id",
      string("only this user's (yours unless admin)"),
      "status",
      string("pending, in_progress, completed, failed, cancelled, or Weft's"),
      "root_only",
      bool("only the roots of trees"),
      "run_id",
      id("only the tasks of this run (Weft's)")
    };
    Object[] all = Arrays.copyOf(props, props.length + more.length);
    System.arraycopy(more, 0, all, props.length, more.length);
    return object("filters", all);
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
            view.set(
                "checkpoint",
                api.store
                    .checkpoint(id)
                    .<JsonNode>map(c ->
                        Jsons.object()
                            .put("attempt", c.attempt())
                            .put("at", c.at().toString())
                            .set("state", Jsons.parse(c.stateJson())))
                    .orElse(Jsons.parse(null)));
          }
          return view;
        });
  }

  private JsonNode tree(RpcMethod.Call call) {
    long id = Api.idParam(call.params(), "task_id", "root_id");
    TaskRecord task = api.visibleTask(id, call.caller());
    Api.RunData data = api.runData(task);
    return api.tree(data.run, data);
  }

  private JsonNode list(RpcMethod.Call call) {
    Filter f = filter(call);
    int limit = call.params().path("limit").asInt(100);
    int offset = call.params().path("offset").asInt(0);
    List<TaskRecord> found =
        f.rootOnly()
            ? api.store.findRuns(f.user(), f.status(), limit, offset)
            : api.store.findTasks(f.runId(), f.status(), f.user(), limit, offset);
    return views(found);
  }

  private JsonNode count(RpcMethod.Call call) {
    Filter f = filter(call);
    int count =
        f.rootOnly()
            ? api.store.countRuns(f.user(), f.status())
            : api.store.countTasks(f.runId(), f.status(), f.user());
    return Jsons.object().put("count", count);
  }

  /** What tasks.list and tasks.count are limited to. */
  private record Filter(String user, TaskStatus status, boolean rootOnly, Long runId) {}

  private Filter filter(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Long runId = null;
    String user = visibleUser(p.path("user_id").asText(null), call.caller());
    if (p.hasNonNull("run_id")) {
      TaskRecord run = api.visibleRun(Api.id(p.get("run_id")), call.caller());
      runId = run.id();
      user = p.hasNonNull("user_id") ? user : null; // a visible run: all its tasks
    }
    TaskStatus status =
        p.hasNonNull("status") ? Api.status(p.get("status").asText(), "status") : null;
    return new Filter(user, status, p.path("root_only").asBoolean(false), runId);
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

  private JsonNode runningStatus(RpcMethod.Call call) {
    ArrayNode out = Jsons.array();
    for (long id : Api.ids(call.params())) {
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
}
