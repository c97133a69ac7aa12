package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.EventTail;
import dev.weft.server.RpcGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The A2A task operations over Weft's JSON-RPC methods (runs.submit, runs.get, runs.list,
 * runs.cancel), called through {@link RpcGateway} as the request's caller: same scopes, same
 * checks.
 */
final class A2aTasks {

  private static final int MAX_PAGE = 100;

  private final RpcGateway gateway;
  private final EventTail tail;
  private final Conversations conversations;
  private final TaskViews views;
  private final A2aPush push;
  private final TckProfile tck;
  private final Duration maxWait;

  /**
   * @param push what keeps the push config a message carries
   * @param tck the conformance kit's profile, or null (off)
   * @param maxWait how long a blocking SendMessage (or a CancelTask) waits for the run to end
   */
  A2aTasks(
      RpcGateway gateway,
      EventTail tail,
      Conversations conversations,
      A2aPush push,
      TckProfile tck,
      Duration maxWait) {
    this.gateway = gateway;
    this.tail = tail;
    this.conversations = conversations;
    this.views = new TaskViews(conversations);
    this.push = push;
    this.tck = tck;
    this.maxWait = maxWait;
  }

  JsonNode send(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    JsonNode config = params.path("configuration");
    JsonNode run = submit(params, who, dialect);
    boolean blocking =
        dialect == Dialect.V1_0
            ? !config.path("returnImmediately").asBoolean(false)
            : config.path("blocking").asBoolean(true);
    if (blocking) {
      run = await(run.path("id").asLong(), who, maxWait);
    }
    return dialect.sendResult(
        views.task(
            run, dialect, historyLength(config, "configuration.historyLength", dialect), true));
  }

  /** Starts the run a streaming message asks for, and answers its task as it is now. */
  ObjectNode start(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    JsonNode config = params.path("configuration");
    JsonNode run = submit(params, who, dialect);
    return views.task(
        run, dialect, historyLength(config, "configuration.historyLength", dialect), true);
  }

  /**
   * The task a SubscribeToTask names, as it is now; UnsupportedOperationError when it has ended, as
   * the specification says.
   */
  ObjectNode subscribable(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    String id = id(params);
    JsonNode run = run(id, who);
    if (TaskState.ofRun(run.path("status").asText()).terminal()) {
      throw new A2aError(
          A2aError.UNSUPPORTED_OPERATION,
          "Unsupported operation: task "
              + id
              + " has ended ("
              + run.path("status").asText()
              + "), so it has no more updates to stream; read it with GetTask",
          "id",
          "only a submitted or working task can be subscribed to");
    }
    return views.task(run, dialect, historyLength(params, "historyLength", dialect), true);
  }

  /**
   * Checks a message and submits the run it asks for, with the push config it carries; answers the
   * run as runs.submit does.
   */
  private JsonNode submit(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    JsonNode message = Messages.message(params);
    JsonNode config = params.path("configuration");
    A2aPush.Config pushConfig = push.inline(config, dialect);
    checkOutputModes(config.path("acceptedOutputModes"));
    if (message.hasNonNull("taskId")) {
      String id = message.get("taskId").asText();
      run(id, who);
      throw new A2aError(
          A2aError.UNSUPPORTED_OPERATION,
          "Unsupported operation: task "
              + id
              + " is a Weft run, which takes no further messages; send a message without taskId"
              + " to start another",
          "message.taskId",
          "a Weft run takes no input once started");
    }
    String kit = tck == null ? null : tck.manifest(message);
    Messages.Work work =
        kit == null
            ? Messages.work(message)
            : new Messages.Work(A2aJson.object().put("manifest", kit), "message.parts");
    long before = tail.lastEventId(); // the run's events all come after this one
    JsonNode run;
    try {
      run = gateway.call("runs.submit", work.submit(), who);
    } catch (RpcGateway.Failure f) {
      throw submitFailure(f, work.field());
    }
    long id = run.path("id").asLong();
    String contextId = message.path("contextId").asText("");
    conversations.remember(
        id,
        new Conversations.Conversation(
            contextId.isBlank() ? Conversations.defaultContext(id) : contextId,
            message.get("messageId").asText(),
            message.get("parts")));
    if (pushConfig != null) {
      push.attach(id, pushConfig, dialect, before);
    }
    return run;
  }

  JsonNode get(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    String id = id(params);
    return views.task(run(id, who), dialect, historyLength(params, "historyLength", dialect), true);
  }

  JsonNode cancel(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    String id = id(params);
    JsonNode run = run(id, who);
    if (TaskState.ofRun(run.path("status").asText()).terminal()) {
      throw notCancelable(id, run);
    }
    try {
      gateway.call(
          "runs.cancel",
          A2aJson.object().put("run_id", run.get("id").asLong()).put("reason", "cancelled by A2A"),
          who);
    } catch (RpcGateway.Failure f) {
      throw failure(f, "id");
    }
    return views.task(await(run.get("id").asLong(), who, maxWait), dialect, null, true);
  }

  JsonNode list(JsonNode params, RpcGateway.Identity who, Dialect dialect) {
    int pageSize = boundedInt(params, "pageSize", 50, 1, MAX_PAGE);
    int offset = pageOffset(params.path("pageToken").asText(""));
    Integer historyLength = historyLength(params, "historyLength", dialect);
    boolean artifacts = params.path("includeArtifacts").asBoolean(false);
    TaskState state = Dialect.parseState(params.path("status").asText(null));
    String contextId = params.path("contextId").asText("");
    List<JsonNode> page = new ArrayList<>();
    int total;
    if (state == null && contextId.isEmpty()) {
      JsonNode found = runs(pageSize, offset, who);
      total = found.path("total").asInt();
      found.path("runs").forEach(page::add);
    } else {
      List<JsonNode> matching = new ArrayList<>();
      for (int at = 0; ; at += 1000) {
        JsonNode found = runs(1000, at, who);
        for (JsonNode run : found.path("runs")) {
          long id = run.path("id").asLong();
          if ((state == null || TaskState.ofRun(run.path("status").asText()) == state)
              && (contextId.isEmpty() || contextId.equals(conversations.contextId(id)))) {
            matching.add(run);
          }
        }
        if (found.path("runs").size() < 1000) {
          break;
        }
      }
      total = matching.size();
      page.addAll(matching.subList(Math.min(offset, total), Math.min(offset + pageSize, total)));
    }
    ObjectNode result = A2aJson.object();
    ArrayNode tasks = result.putArray("tasks");
    for (JsonNode run : page) {
      JsonNode full = artifacts ? run(run.path("id").asText(), who) : run;
      tasks.add(views.task(full, dialect, historyLength, artifacts));
    }
    int next = offset + page.size();
    result.put("nextPageToken", next < total ? Integer.toString(next) : "");
    result.put("pageSize", pageSize);
    result.put("totalSize", total);
    return result;
  }

  private JsonNode runs(int limit, int offset, RpcGateway.Identity who) {
    try {
      return gateway.call(
          "runs.list", A2aJson.object().put("limit", limit).put("offset", offset), who);
    } catch (RpcGateway.Failure f) {
      throw failure(f, null);
    }
  }

  /** The run of a task id; TaskNotFoundError for an id that is no run of the caller's. */
  JsonNode run(String id, RpcGateway.Identity who) {
    long runId;
    try {
      runId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw A2aError.taskNotFound(id);
    }
    try {
      return gateway.call("runs.get", A2aJson.object().put("run_id", runId), who);
    } catch (RpcGateway.Failure f) {
      if (f.code() == -32004 || f.code() == -32602) {
        throw A2aError.taskNotFound(id);
      }
      throw failure(f, "id");
    }
  }

  /** The run once it has ended, or as it is when {@code max} is up. */
  private JsonNode await(long id, RpcGateway.Identity who, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      long seen = tail.seen(); // before reading: a change after the read wakes the wait below
      JsonNode run = run(Long.toString(id), who);
      long left = deadline - System.nanoTime();
      if (TaskState.ofRun(run.path("status").asText()).terminal() || left <= 0) {
        return run;
      }
      try {
        tail.awaitAfter(seen, Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return run;
      }
    }
  }

  private static String id(JsonNode params) {
    JsonNode id = params.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw A2aError.invalidParams("id", "required: the task's id (a string)");
    }
    return id.asText();
  }

  /**
   * How many messages of history to answer with: none given is all; 0 is none in 1.0, but all in
   * 0.3, whose clients send 0 for "no limit".
   */
  private static Integer historyLength(JsonNode params, String field, Dialect dialect) {
    String name = field.substring(field.lastIndexOf('.') + 1);
    JsonNode given = params.get(name);
    if (given == null || given.isNull()) {
      return null;
    }
    if (!given.canConvertToInt() || !given.isIntegralNumber() || given.asInt() < 0) {
      throw A2aError.invalidParams(field, "a whole number, 0 or more");
    }
    return dialect == Dialect.V0_3 && given.asInt() == 0 ? null : given.asInt();
  }

  /** Where a page starts: the {@code pageToken} of the page before (empty: the first page). */
  static int pageOffset(String token) {
    int offset = 0;
    if (!token.isEmpty()) {
      try {
        offset = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (offset < 0) {
        throw A2aError.invalidParams("pageToken", "the nextPageToken of an earlier page");
      }
    }
    return offset;
  }

  static int boundedInt(JsonNode params, String field, int dflt, int min, int max) {
    JsonNode given = params.get(field);
    if (given == null || given.isNull()) {
      return dflt;
    }
    if (!given.isIntegralNumber() || given.asLong() < min || given.asLong() > max) {
      throw A2aError.invalidParams(field, "a whole number from " + min + " to " + max);
    }
    return given.asInt();
  }

  private static void checkOutputModes(JsonNode modes) {
    if (!modes.isArray() || modes.isEmpty()) {
      return;
    }
    for (JsonNode mode : modes) {
      String m = mode.asText();
      if (m.equals("application/json") || m.equals("text/plain") || m.startsWith("*/")) {
        return;
      }
    }
    throw new A2aError(
        A2aError.CONTENT_TYPE_NOT_SUPPORTED,
        "Content type not supported: Weft answers with application/json and text/plain",
        "configuration.acceptedOutputModes",
        "accept application/json or text/plain");
  }

  private static A2aError notCancelable(String id, JsonNode run) {
    return new A2aError(
        A2aError.TASK_NOT_CANCELABLE,
        "Task not cancelable: task " + id + " has ended (" + run.path("status").asText() + ")",
        "id",
        "only a submitted or working task can be cancelled");
  }

  /** A failure of runs.submit: what is wrong in the message's part, with Weft's hint. */
  private static A2aError submitFailure(RpcGateway.Failure f, String part) {
    JsonNode data = f.data();
    String inner = data == null ? null : data.path("field").asText(null);
    if (f.code() == -32004 && data != null && data.has("pipeline")) {
      inner = "pipeline";
    }
    String field = inner == null ? part : part + "." + inner;
    return switch (f.code()) {
      case -32004, -32006 ->
          new A2aError(A2aError.INVALID_PARAMS, f.getMessage(), field, f.getMessage(), data);
      default -> failure(f, part);
    };
  }

  /** A failure of a Weft method as the A2A error closest to it. */
  private static A2aError failure(RpcGateway.Failure f, String field) {
    JsonNode data = f.data();
    String reason = data == null ? f.getMessage() : data.path("reason").asText(f.getMessage());
    return switch (f.code()) {
      case -32602 -> {
        String inner = data == null ? null : data.path("field").asText(null);
        yield A2aError.invalidParams(inner != null ? inner : String.valueOf(field), reason);
      }
      case -32003 -> A2aError.forbidden(f.getMessage());
      case -32005 ->
          new A2aError(A2aError.TASK_NOT_CANCELABLE, f.getMessage(), field, reason, data);
      case -32007 ->
          new A2aError(A2aError.UNSUPPORTED_OPERATION, f.getMessage(), field, reason, data);
      default -> new A2aError(A2aError.INTERNAL, f.getMessage(), field, reason, data);
    };
  }
}
