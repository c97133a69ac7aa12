package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.range;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskDetails;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The task API's {@code tasks.update} and {@code tasks.delete}: changes to trees not started. */
final class TaskEdits {

  private final Api api;

  TaskEdits(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
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
            TaskMethods.TASK,
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
    return m;
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
        api.runSpans.changed(
            task.parentId() == 0
                ? api.store.cancelRun(id, api.now())
                : api.store.cancelTask(id, api.now()));
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
            node.id(), type, after, with, node.retry(), node.tags(), node.tasks(), node.stream());
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
