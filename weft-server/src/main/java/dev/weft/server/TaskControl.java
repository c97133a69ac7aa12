package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.CopySelection;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The task API's {@code tasks.cancel} and {@code tasks.copy}: stopping tasks and running copies.
 */
final class TaskControl {

  private final Api api;

  TaskControl(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
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
            TaskMethods.TREE,
            this::copy));
    return m;
  }

  private JsonNode cancel(RpcMethod.Call call) {
    ObjectNode p = call.params();
    boolean force = p.path("force").asBoolean(false);
    String reason = p.path("error_message").asText(null);
    ArrayNode out = Jsons.array();
    for (long id : Api.ids(p)) {
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
      api.runSpans.changed(changes);
      boolean now = changes.stream().anyMatch(c -> c.taskId() == id) || t.parentId() == 0;
      r.put(
          "cancelled_dependents",
          changes.stream().filter(c -> c.taskId() != id && !c.runEnded()).count());
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
    long copy = api.copyOf(seeds, reset);
    TaskRecord root = api.store.task(copy).orElseThrow();
    return api.tree(root, api.runData(root));
  }
}
