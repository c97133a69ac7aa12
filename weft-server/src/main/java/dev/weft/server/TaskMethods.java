package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The task-tree API of the orchestrator Weft replaces, method for method (see docs/api.md), by
 * concern: creating and executing trees, reading them, editing them before they start, and
 * cancelling and copying.
 */
final class TaskMethods {

  static final ObjectNode TASK =
      Schemas.type("object", "a task: id, name, status, progress, user_id, parent_id, ...");
  static final ObjectNode TREE =
      Schemas.type("object", "a task with its children, each with theirs");
  static final ObjectNode TASKS = arrayOf(TASK, "tasks");

  private final Api api;

  TaskMethods(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.addAll(new TaskCreation(api).methods());
    m.addAll(new TaskReads(api).methods());
    m.addAll(new TaskEdits(api).methods());
    m.addAll(new TaskControl(api).methods());
    return m;
  }
}
