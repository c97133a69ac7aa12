package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.TaskOptions;
import dev.weft.core.graph.CycleException;
import dev.weft.core.graph.Dag;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.core.validate.Validator;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.TaskNodeType;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TaskDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tree of tasks as the task API gives it ({@code tasks.create}), made into a run of Weft: each
 * task a node of the run's pipeline (its type from {@code params.executor_id}, else {@code
 * schemas.method}, else its name; its config the params and inputs), each under its parent, waiting
 * for its dependencies. The run is the root of the tree; the client's root task its first child.
 */
final class TaskTrees {

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

  /** A tree ready to store: the plan (parents set), and the details of each of its tasks. */
  record Tree(Pipeline pipeline, RunPlan plan, List<TaskDetails> details, String user) {}

  private TaskTrees() {}

  /** The schema of one task of the array. */
  static ObjectNode taskSchema() {
    return Schemas.openObject(
        "A task: its executor (type) from params.executor_id, schemas.method or its name",
        "id",
        Schemas.type("string", "an id other tasks of the array refer to").put("maxLength", 200),
        "!name",
        Schemas.string("the task's name").put("minLength", 1),
        "user_id",
        Schemas.string("whose task it is: all tasks of a tree have one user"),
        "parent_id",
        Schemas.type("string", "the id (or name) of the task above it in the array"),
        "priority",
        Schemas.range(Schemas.integer("0 urgent, 1 high (default), 2 normal, 3 low"), 0, 3),
        "dependencies",
        Schemas.arrayOf(
            Schemas.object(
                "a task this one waits for",
                "!id",
                Schemas.type("string", "its id (or name) in the array"),
                "required",
                Schemas.bool("whether it must succeed (default true)")),
            "tasks this one waits for"),
        "inputs",
        Schemas.anyObject("the executor's inputs"),
        "params",
        Schemas.anyObject("the executor's parameters (executor_id names it)"),
        "schemas",
        Schemas.openObject(
            "schemas; method names the executor",
            "method",
            Schemas.string("the executor: a Weft node type, e.g. echo, http")));
  }

  /** The tasks of a {@code tasks.create} call: an array, {@code {tasks: [...]}}, or one task. */
  static List<ObjectNode> tasksOf(JsonNode tasks, String field) {
    List<ObjectNode> list = new ArrayList<>();
    if (tasks.isObject()) {
      list.add((ObjectNode) tasks);
    } else {
      for (JsonNode t : tasks) {
        list.add((ObjectNode) t);
      }
    }
    if (list.isEmpty()) {
      throw RpcException.invalidParams(field, "must hold at least one task");
    }
    return list;
  }

  /**
   * Builds the run of {@code tasks}, checking everything the task API checks: one root, parents and
   * dependencies that exist, no cycle, one user, a known type, a valid config, the server's policy.
   */
  static Tree build(List<ObjectNode> tasks, String field, Caller caller, Api api) {
    for (int i = 0; i < tasks.size(); i++) {
      Schemas.check(taskSchema(), tasks.get(i), field + "[" + i + "]");
    }
    long withIds = tasks.stream().filter(t -> t.hasNonNull("id")).count();
    if (withIds != 0 && withIds != tasks.size()) {
      int first = indexWhere(tasks, t -> !t.hasNonNull("id"));
      throw RpcException.invalidParams(
          field + "[" + first + "].id", "either every task has an id or none does");
    }
    boolean byId = withIds > 0;
    Map<String, Integer> keys = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      String key = byId ? tasks.get(i).get("id").asText() : tasks.get(i).get("name").asText();
      if (keys.putIfAbsent(key, i) != null) {
        throw RpcException.invalidParams(
            field + "[" + i + "]." + (byId ? "id" : "name"),
            "'" + key + "' is given twice" + (byId ? "" : " (give ids when names repeat)"));
      }
    }
    // One root, every parent in the array, no loop of parents.
    int[] parent = new int[tasks.size()];
    int root = -1;
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode p = tasks.get(i).get("parent_id");
      if (p == null || p.isNull()) {
        if (root >= 0) {
          throw RpcException.invalidParams(
              field + "[" + i + "].parent_id",
              "a tree has one root: tasks[" + root + "] has no parent_id either");
        }
        root = i;
        parent[i] = -1;
      } else {
        Integer at = keys.get(p.asText());
        if (at == null) {
          throw RpcException.invalidParams(
              field + "[" + i + "].parent_id", "no task '" + p.asText() + "' in the array");
        }
        parent[i] = at;
      }
    }
    if (root < 0) {
      throw RpcException.invalidParams(field, "a tree needs one task without parent_id");
    }
    for (int i = 0; i < tasks.size(); i++) {
      Set<Integer> seen = new HashSet<>();
      for (int at = i; at >= 0; at = parent[at]) {
        if (!seen.add(at)) {
          throw RpcException.invalidParams(
              field + "[" + i + "].parent_id", "its parents lead back to it");
        }
      }
    }
    // One user.
    String user = null;
    for (int i = 0; i < tasks.size(); i++) {
      String u = tasks.get(i).path("user_id").asText(null);
      if (u != null) {
        if (user != null && !user.equals(u)) {
          throw RpcException.invalidParams(
              field + "[" + i + "].user_id",
              "all tasks of a tree have one user, not '" + user + "' and '" + u + "'");
        }
        user = u;
      }
    }
    user = api.actingUser(user, caller, field + ".user_id");
    String owner = user;
    // Nodes.
    String[] nodeIds = new String[tasks.size()];
    Set<String> used = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      String key = byId ? tasks.get(i).get("id").asText() : tasks.get(i).get("name").asText();
      String id = NODE_ID.matcher(key).matches() && !used.contains(key) ? key : "t" + (i + 1);
      while (!used.add(id)) {
        id = id + "_";
      }
      nodeIds[i] = id;
    }
    List<Node> nodes = new ArrayList<>();
    List<TaskDetails> details = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      ObjectNode t = tasks.get(i);
      String at = field + "[" + i + "]";
      String type = type(t, at, api);
      Map<String, Object> with = new LinkedHashMap<>();
      if (t.has("params")) {
        with.putAll(Jsons.MAPPER.convertValue(t.get("params"), MAP));
        with.remove("executor_id");
      }
      if (t.has("inputs")) {
        with.putAll(Jsons.MAPPER.convertValue(t.get("inputs"), MAP));
      }
      TaskOptions options =
          TaskOptions.builder()
              .user(owner)
              .priority(Api.weftPriority(t.path("priority").asInt(1)))
              .build();
      Node.Builder node = Node.builder(nodeIds[i], type).with(with).tasks(options);
      JsonNode deps = t.get("dependencies");
      if (deps != null) {
        for (int d = 0; d < deps.size(); d++) {
          String ref = deps.get(d).get("id").asText();
          Integer on = keys.get(ref);
          if (on == null) {
            throw RpcException.invalidParams(
                at + ".dependencies[" + d + "].id", "no task '" + ref + "' in the array");
          }
          node.after(new Dependency(nodeIds[on], deps.get(d).path("required").asBoolean(true)));
        }
      }
      Node built = node.build();
      api.checkPolicy(built, at);
      nodes.add(built);
      details.add(
          new TaskDetails(
              t.get("name").asText(),
              t.has("inputs") ? Jsons.text(t.get("inputs")) : null,
              t.has("params") ? Jsons.text(t.get("params")) : null,
              t.has("schemas")
                  ? Jsons.text(t.get("schemas"))
                  : Jsons.text(Jsons.object().put("method", type))));
    }
    Pipeline pipeline =
        Pipeline.builder(tasks.get(root).get("name").asText()).build().withNodes(nodes);
    check(pipeline, nodeIds, field, api);
    RunPlan planned = RunPlans.plan(pipeline);
    return withParents(planned, pipeline, nodeIds, parent, details, user);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static String type(ObjectNode t, String at, Api api) {
    String given;
    String field;
    if (t.path("params").hasNonNull("executor_id")) {
      given = t.get("params").get("executor_id").asText();
      field = at + ".params.executor_id";
    } else if (t.path("schemas").hasNonNull("method")) {
      given = t.get("schemas").get("method").asText();
      field = at + ".schemas.method";
    } else {
      given = t.get("name").asText();
      field = at + ".schemas.method";
      if (api.types.find(given, TaskNodeType.class).isEmpty()) {
        throw RpcException.invalidParams(
            field,
            "is required: the name '" + given + "' is no task type either (" + known(api) + ")");
      }
    }
    if (api.types.find(given, TaskNodeType.class).isEmpty()) {
      throw RpcException.invalidParams(field, "no task type '" + given + "' (" + known(api) + ")");
    }
    return given;
  }

  private static String known(Api api) {
    return "known: "
        + String.join(
            ", ",
            api.types.all().stream()
                .filter(t -> t instanceof TaskNodeType)
                .map(dev.weft.core.spi.NodeType::name)
                .sorted()
                .toList());
  }

  /** Cycles and every problem the validator finds, named by the task they are about. */
  static void check(Pipeline pipeline, String[] nodeIds, String field, Api api) {
    try {
      Dag.of(pipeline).sort();
    } catch (CycleException e) {
      throw RpcException.invalidParams(
          field + ".dependencies", "circular dependency: " + e.getMessage());
    }
    Checked checked = new Validator(api.types).validate(pipeline);
    if (!checked.valid()) {
      Problem p = checked.problems().getFirst();
      int at = -1;
      for (int i = 0; i < nodeIds.length; i++) {
        if (nodeIds[i].equals(p.nodeId())) {
          at = i;
        }
      }
      throw RpcException.invalidParams(
          at < 0 ? field : field + "[" + at + "]",
          p.message() + (p.hint() == null ? "" : " (" + p.hint() + ")"));
    }
  }

  private static Tree withParents(
      RunPlan planned,
      Pipeline pipeline,
      String[] nodeIds,
      int[] parent,
      List<TaskDetails> details,
      String user) {
    Map<String, Integer> position = new HashMap<>();
    for (int p = 0; p < planned.tasks().size(); p++) {
      position.put(planned.tasks().get(p).nodeId(), p);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodeIds.length; i++) {
      index.put(nodeIds[i], i);
    }
    List<RunPlan.Task> tasks = new ArrayList<>();
    List<TaskDetails> ordered = new ArrayList<>();
    for (RunPlan.Task t : planned.tasks()) {
      int i = index.get(t.nodeId());
      int above = parent[i] < 0 ? -1 : position.get(nodeIds[parent[i]]);
      tasks.add(
          new RunPlan.Task(
              t.nodeId(),
              t.type(),
              t.priority(),
              t.user(),
              t.after(),
              t.required(),
              above,
              t.always(),
              t.continueOnFailure(),
              t.exclusive(),
              t.limit(),
              t.rate(),
              t.routing()));
      ordered.add(details.get(i));
    }
    return new Tree(
        pipeline,
        new RunPlan(
            planned.name(), planned.pipelineJson(), tasks, planned.limits(), planned.runTimeout()),
        ordered,
        user);
  }

  private static int indexWhere(
      List<ObjectNode> tasks, java.util.function.Predicate<ObjectNode> p) {
    for (int i = 0; i < tasks.size(); i++) {
      if (p.test(tasks.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
