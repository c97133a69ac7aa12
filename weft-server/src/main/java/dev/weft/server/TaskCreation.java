package dev.weft.server;

import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.CopySelection;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.Webhook;
import java.util.ArrayList;
import java.util.List;

/** The task API's {@code tasks.create} and {@code tasks.execute}: trees created, held, started. */
final class TaskCreation {

  private final Api api;

  TaskCreation(Api api) {
    this.api = api;
  }

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
            TaskMethods.TREE,
            given ->
                given.isArray() || (given.isObject() && !given.has("tasks"))
                    ? tasksParam(given)
                    : given,
            call -> create(call, true, null)));
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
            tree.plan().withTrace(api.trace(call.caller())),
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
      long copy = api.copyOf(seeds, TaskStore.CopyReset.NONE);
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
}
