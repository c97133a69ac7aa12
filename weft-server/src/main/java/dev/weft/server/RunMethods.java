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
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.validate.Checked;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.Schedules;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Weft's own methods of runs: manifests validated and submitted, runs read, cancelled, retried,
 * logs.
 */
final class RunMethods {

  private static final ObjectNode RUN =
      Schemas.type("object", "a run: id, pipeline, status, tasks, ...");

  private final Api api;

  private final Manifests manifests;

  RunMethods(Api api, Manifests manifests) {
    this.api = api;
    this.manifests = manifests;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.add(
        new RpcMethod(
            "pipelines.validate",
            "Check a manifest; every problem with its line and column, as weft validate --json",
            Scope.READ,
            Manifests.params(
                "the manifest", "name", string("the file name problems name (manifest.yaml)")),
            object(
                "the result",
                "valid",
                bool(null),
                "pipeline",
                string(null),
                "nodes",
                Schemas.integer(null),
                "problems",
                arrayOf(Schemas.type("object", "file, line, column, node, message, hint"), null)),
            this::validate));
    m.add(
        new RpcMethod(
            "runs.submit",
            "Start a run of a tasks manifest (inline, or a stored pipeline by name)",
            Scope.SUBMIT,
            Manifests.params(
                "what to run",
                "user",
                string("whose run it is (yours unless admin)"),
                "priority",
                range(Schemas.integer("added to every node's priority"), -1000, 1000),
                "at",
                string("start no earlier: an instant (2026-12-01T09:00:00Z) or a delay (10m)"),
                "webhook",
                WebhookParams.schema("a URL to call when the run ends (see docs/api.md)")),
            RUN,
            this::submit));
    m.add(
        new RpcMethod(
            "runs.get",
            "A run and its tasks",
            Scope.READ,
            object("the run", "!run_id", id("the run")),
            RUN,
            call ->
                runView(api.visibleRun(Api.id(call.params().get("run_id")), call.caller()), true)));
    m.add(
        new RpcMethod(
            "runs.list",
            "Runs, newest first",
            Scope.READ,
            object(
                "filters",
                "user",
                string("only this user's (yours unless admin)"),
                "status",
                string("only runs in this status"),
                "limit",
                range(Schemas.integer("at most this many (50)"), 1, 1000),
                "offset",
                range(Schemas.integer("skip this many"), 0, Integer.MAX_VALUE)),
            object(
                "a page",
                "total",
                Schemas.integer(null),
                "offset",
                Schemas.integer(null),
                "limit",
                Schemas.integer(null),
                "runs",
                arrayOf(RUN, null)),
            this::listRuns));
    m.add(
        new RpcMethod(
            "runs.cancel",
            "Cancel a run: waiting tasks at once, running ones are interrupted",
            Scope.SUBMIT,
            object(
                "the run",
                "!run_id",
                id("the run"),
                "reason",
                string("why, kept as the run's error")),
            object(
                "what happened",
                "run_id",
                Schemas.integer(null),
                "cancelled",
                Schemas.integer(null),
                "stopping",
                Schemas.integer(null),
                "status",
                string(null)),
            this::cancelRun));
    m.add(
        new RpcMethod(
            "runs.retry",
            "Run again what failed, was upstream-failed or cancelled in an ended run",
            Scope.SUBMIT,
            object("the run", "!run_id", id("the run")),
            object(
                "what happened",
                "run_id",
                Schemas.integer(null),
                "again",
                Schemas.integer(null),
                "status",
                string(null)),
            this::retryRun));
    m.add(
        new RpcMethod(
            "tasks.logs",
            "What a task logged, attempt by attempt",
            Scope.READ,
            object("the task", "!task_id", id("the task")),
            arrayOf(Schemas.type("object", "attempt, at, level, message"), "the lines"),
            this::logs));
    return m;
  }

  private JsonNode validate(RpcMethod.Call call) {
    Checked checked = manifests.load(call.params());
    ObjectNode r = Jsons.object();
    r.put("valid", checked.valid());
    if (checked.pipeline() != null) {
      r.put("pipeline", checked.pipeline().name());
      r.put("nodes", checked.pipeline().nodes().size());
    }
    r.set("problems", Manifests.problems(checked.problems()));
    return r;
  }

  private JsonNode submit(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Pipeline pipeline = manifests.validPipeline(p);
    String user = api.actingUser(p.path("user").asText(null), call.caller(), "user");
    int bump = p.path("priority").asInt(0);
    if (user != null || bump != 0) {
      List<Node> nodes = new ArrayList<>();
      for (Node n : pipeline.nodes()) {
        nodes.add(
            n.withTasks(
                n.tasks().toBuilder()
                    .priority(n.tasks().priority() + bump)
                    .user(user != null ? user : n.tasks().user())
                    .build()));
      }
      pipeline = pipeline.withNodes(nodes);
    }
    Instant at = at(p.path("at").asText(null));
    TaskStore.NewRun how =
        TaskStore.NewRun.ownedBy(user)
            .withWebhook(WebhookParams.read(p.get("webhook"), "webhook", api.config));
    long run =
        api.store.createRun(
            RunPlans.plan(pipeline).withTrace(api.trace(call.caller())), api.now(), at, how);
    return runView(api.store.task(run).orElseThrow(), true);
  }

  private Instant at(String given) {
    return Schedules.startTime(given, api.now())
        .orElseThrow(() ->
            RpcException.invalidParams(
                "at", "give an instant such as 2026-12-01T09:00:00Z, or a delay such as 10m"));
  }

  ObjectNode runView(TaskRecord run, boolean withTasks) {
    ObjectNode v = Jsons.object();
    v.put("id", run.id());
    v.put("pipeline", run.nodeId());
    v.put("status", run.status().display());
    v.put("user", run.user());
    v.put("error", run.error());
    v.put("created_at", String.valueOf(run.createdAt()));
    v.put("started_at", run.startedAt() == null ? null : run.startedAt().toString());
    v.put("finished_at", run.finishedAt() == null ? null : run.finishedAt().toString());
    v.put("duration_ms", run.duration(api.now()).toMillis());
    if (run.originalId() != null) {
      v.put("original_id", run.originalId());
    }
    if (withTasks) {
      ArrayNode tasks = v.putArray("tasks");
      for (TaskRecord t : api.store.tasks(run.id())) {
        ObjectNode task = tasks.addObject();
        task.put("id", t.id());
        task.put("node", t.nodeId());
        task.put("type", t.type());
        task.put("status", t.status().display());
        task.put("attempts", t.attempt());
        task.set("result", Jsons.parse(t.resultJson()));
        task.put("error", t.error());
        task.put("duration_ms", t.duration(api.now()).toMillis());
      }
    }
    return v;
  }

  private JsonNode listRuns(RpcMethod.Call call) {
    ObjectNode p = call.params();
    String asked = p.path("user").asText(null);
    String user;
    if (call.caller().admin()) {
      user = asked;
    } else if (asked == null || asked.equals(call.caller().user())) {
      user = call.caller().user();
    } else {
      throw RpcException.of(
          Errors.FORBIDDEN, "Forbidden: only admins list other users' runs", "user", asked);
    }
    TaskStatus status =
        p.hasNonNull("status") ? Api.status(p.get("status").asText(), "status") : null;
    int limit = p.path("limit").asInt(50);
    int offset = p.path("offset").asInt(0);
    ObjectNode r = Jsons.object();
    r.put("total", api.store.countRuns(user, status));
    r.put("offset", offset);
    r.put("limit", limit);
    ArrayNode runs = r.putArray("runs");
    api.store.findRuns(user, status, limit, offset).forEach(run -> runs.add(runView(run, false)));
    return r;
  }

  private JsonNode cancelRun(RpcMethod.Call call) {
    TaskRecord run = api.visibleRun(Api.id(call.params().get("run_id")), call.caller());
    ObjectNode r = Jsons.object().put("run_id", run.id());
    if (run.status().ended()) {
      return r.put("cancelled", 0).put("stopping", 0).put("status", run.status().display());
    }
    List<StatusChange> changes =
        api.store.cancelRun(run.id(), api.now(), call.params().path("reason").asText(null));
    api.runSpans.changed(changes);
    long cancelled = changes.stream().filter(c -> !c.runEnded()).count();
    long stopping =
        api.store.tasks(run.id()).stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
    return r.put("cancelled", cancelled)
        .put("stopping", stopping)
        .put("status", api.store.task(run.id()).orElseThrow().status().display());
  }

  private JsonNode retryRun(RpcMethod.Call call) {
    TaskRecord run = api.visibleRun(Api.id(call.params().get("run_id")), call.caller());
    int again = api.store.retryFailed(run.id(), api.now());
    return Jsons.object()
        .put("run_id", run.id())
        .put("again", again)
        .put("status", api.store.task(run.id()).orElseThrow().status().display());
  }

  private JsonNode logs(RpcMethod.Call call) {
    long id = Api.id(call.params().get("task_id"));
    api.visibleTask(id, call.caller());
    ArrayNode out = Jsons.array();
    for (LogLine line : api.store.logs(id)) {
      out.addObject()
          .put("attempt", line.attempt())
          .put("at", line.at().toString())
          .put("level", line.level())
          .put("message", line.message());
    }
    return out;
  }
}
