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
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.Schedules;
import dev.weft.tasks.TaskManifests;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkerRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Weft's own methods: what the task API lacks (see docs/api.md). */
final class WeftMethods {

  private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

  private final Api api;

  WeftMethods(Api api) {
    this.api = api;
  }

  private static ObjectNode manifestParams(String description, Object... more) {
    List<Object> props =
        new ArrayList<>(
            List.of(
                "manifest", string("the manifest text, YAML or JSON").put("maxLength", 5_000_000),
                "format",
                    Schemas.oneOfValues("the manifest's format (default yaml)", "yaml", "json"),
                "pipeline", string("the name of a stored pipeline (the server's pipelines folder)"),
                "params", Schemas.anyObject("run parameters, as --set gives them")));
    props.addAll(List.of(more));
    return object(description, props.toArray());
  }

  private static final ObjectNode RUN =
      Schemas.type("object", "a run: id, pipeline, status, tasks, ...");

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.add(
        new RpcMethod(
            "pipelines.validate",
            "Check a manifest; every problem with its line and column, as weft validate --json",
            Scope.READ,
            manifestParams(
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
            manifestParams(
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
    m.add(
        new RpcMethod(
            "schedules.list",
            "The cron schedules",
            Scope.READ,
            object("nothing"),
            arrayOf(Schemas.type("object", "name, cron, zone, next, last_fired, last_run"), null),
            call -> {
              ArrayNode out = Jsons.array();
              api.store.schedules().forEach(s -> out.add(schedule(s)));
              return out;
            }));
    m.add(
        new RpcMethod(
            "schedules.add",
            "Register a pipeline to run on its schedule (or cron); a name again replaces it",
            Scope.ADMIN,
            manifestParams(
                "the schedule",
                "name",
                string("the schedule's name (default: the pipeline's)"),
                "cron",
                string("the cron expression instead of the manifest's"),
                "zone",
                string("the time zone of cron (UTC)")),
            Schemas.type("object", "the schedule"),
            this::addSchedule));
    m.add(
        new RpcMethod(
            "schedules.remove",
            "Remove a schedule; runs it started are kept",
            Scope.ADMIN,
            object("the schedule", "!name", string("its name")),
            object("what happened", "removed", bool(null)),
            call -> {
              String name = call.params().get("name").asText();
              if (!api.store.removeSchedule(name)) {
                throw RpcException.of(Errors.NOT_FOUND, "No schedule " + name, "name", name);
              }
              return Jsons.object().put("removed", true);
            }));
    m.add(
        new RpcMethod(
            "workers.list",
            "The workers of the store",
            Scope.READ,
            object("nothing"),
            arrayOf(
                Schemas.type(
                    "object", "id, host, pid, status, concurrency, running, heartbeat_at, ..."),
                null),
            call -> {
              ArrayNode out = Jsons.array();
              api.store.workers().forEach(w -> out.add(worker(w)));
              return out;
            }));
    m.add(
        new RpcMethod(
            "workers.drain",
            "Ask a worker to drain: claim nothing more, finish what it runs, and leave",
            Scope.ADMIN,
            object("the worker", "!worker_id", string("its id (workers.list)")),
            object("what happened", "draining", bool(null)),
            call -> {
              String id = call.params().get("worker_id").asText();
              if (!api.store.drainWorker(id)) {
                throw RpcException.of(Errors.NOT_FOUND, "No worker " + id, "worker_id", id);
              }
              return Jsons.object().put("draining", true);
            }));
    m.add(
        new RpcMethod(
            "cache.list",
            "The kept results (cache: in manifests), newest first",
            Scope.READ,
            object("nothing"),
            arrayOf(
                Schemas.type(
                    "object", "fingerprint, task_id, node_id, type, created_at, expires_at"),
                null),
            call -> {
              ArrayNode out = Jsons.array();
              for (CacheEntry e : api.store.cacheEntries()) {
                ObjectNode c = out.addObject();
                c.put("fingerprint", e.fingerprint());
                c.put("task_id", e.taskId());
                c.put("node_id", e.nodeId());
                c.put("type", e.type());
                c.put("created_at", String.valueOf(e.createdAt()));
                c.put("expires_at", e.expiresAt() == null ? null : e.expiresAt().toString());
              }
              return out;
            }));
    m.add(
        new RpcMethod(
            "cache.clear",
            "Forget kept results: all, or those expired",
            Scope.ADMIN,
            object("what to forget", "expired_only", bool("only the expired ones")),
            object("what happened", "cleared", Schemas.integer(null)),
            call ->
                Jsons.object()
                    .put(
                        "cleared",
                        api.store.clearCache(
                            call.params().path("expired_only").asBoolean(false), api.now()))));
    return m;
  }

  // --- manifests ---

  /** The manifest of a call, checked; its problems as they are, or -32602 for what is missing. */
  private Checked load(ObjectNode p) {
    Map<String, String> params = new LinkedHashMap<>();
    if (p.has("params")) {
      p.get("params")
          .properties()
          .forEach(e ->
              params.put(
                  e.getKey(),
                  e.getValue().isTextual() ? e.getValue().asText() : Jsons.text(e.getValue())));
    }
    boolean inline = p.hasNonNull("manifest");
    boolean stored = p.hasNonNull("pipeline");
    if (inline == stored) {
      throw RpcException.invalidParams(
          "manifest", "give manifest (the text) or pipeline (a stored one's name), one of them");
    }
    if (stored) {
      String name = p.get("pipeline").asText();
      if (!PIPELINE_NAME.matcher(name).matches() || name.contains("..")) {
        throw RpcException.invalidParams(
            "pipeline", "a stored pipeline's name has letters, digits, '_', '-' and '.' only");
      }
      Path dir = api.config.pipelines();
      if (dir == null) {
        throw RpcException.of(
            Errors.NOT_FOUND,
            "This server keeps no pipelines (server.pipelines)",
            "pipeline",
            name);
      }
      for (String ext : List.of(".yaml", ".yml", ".json")) {
        Path file = dir.resolve(name + ext).normalize();
        if (file.startsWith(dir.normalize()) && Files.isRegularFile(file)) {
          return TaskManifests.load(file, params, api.types);
        }
      }
      throw RpcException.of(Errors.NOT_FOUND, "No stored pipeline " + name, "pipeline", name);
    }
    String format = p.path("format").asText("yaml");
    String fileName = p.path("name").asText("manifest." + format);
    if (fileName.endsWith(".json") != format.equals("json")) {
      fileName = "manifest." + format;
    }
    return TaskManifests.parse(
        p.get("manifest").asText(), fileName, Path.of(""), params, api.types);
  }

  private static ArrayNode problems(List<Problem> problems) {
    ArrayNode out = Jsons.array();
    problems.forEach(pr -> out.add(Jsons.tree(TaskManifests.json(pr))));
    return out;
  }

  private JsonNode validate(RpcMethod.Call call) {
    Checked checked = load(call.params());
    ObjectNode r = Jsons.object();
    r.put("valid", checked.valid());
    if (checked.pipeline() != null) {
      r.put("pipeline", checked.pipeline().name());
      r.put("nodes", checked.pipeline().nodes().size());
    }
    r.set("problems", problems(checked.problems()));
    return r;
  }

  /** A valid tasks pipeline, or -32006 with its problems. */
  private Pipeline validPipeline(ObjectNode p) {
    Checked checked = load(p);
    if (!checked.valid()) {
      throw new RpcException(
          Errors.INVALID_PIPELINE,
          "The manifest has " + checked.problems().size() + " problem(s)",
          Jsons.object().set("problems", problems(checked.problems())));
    }
    if (checked.pipeline().kind() != Kind.TASKS) {
      throw RpcException.of(
          Errors.INVALID_PIPELINE,
          "Only kind: tasks pipelines run through the server",
          "kind",
          checked.pipeline().kind().manifestName());
    }
    for (Node node : checked.pipeline().nodes()) {
      api.checkPolicy(node, "manifest");
    }
    return checked.pipeline();
  }

  private JsonNode submit(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Pipeline pipeline = validPipeline(p);
    String user = api.actingUser(p.path("user").asText(null), call.caller(), "user");
    int bump = p.path("priority").asInt(0);
    if (user != null || bump != 0) {
      List<Node> nodes = new ArrayList<>();
      for (Node n : pipeline.nodes()) {
        nodes.add(
            new Node(
                n.id(),
                n.type(),
                n.after(),
                n.with(),
                n.retry(),
                n.timeout(),
                n.priority() + bump,
                user != null ? user : n.user(),
                n.when(),
                n.exclusive(),
                n.limit(),
                n.cache(),
                n.continueOnFailure(),
                n.always(),
                n.tags(),
                n.breaker(),
                n.rate(),
                n.isolation(),
                n.routing(),
                n.runtime()));
      }
      pipeline = pipeline.withNodes(nodes);
    }
    Instant at = at(p.path("at").asText(null));
    TaskStore.NewRun how =
        TaskStore.NewRun.ownedBy(user)
            .withWebhook(WebhookParams.read(p.get("webhook"), "webhook", api.config));
    long run = api.store.createRun(RunPlans.plan(pipeline), api.now(), at, how);
    return runView(api.store.task(run).orElseThrow(), true);
  }

  private Instant at(String given) {
    return Schedules.startTime(given, api.now())
        .orElseThrow(() ->
            RpcException.invalidParams(
                "at", "give an instant such as 2026-12-01T09:00:00Z, or a delay such as 10m"));
  }

  // --- runs ---

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
    long cancelled =
        api.store.cancelRun(run.id(), api.now(), call.params().path("reason").asText(null)).stream()
            .filter(c -> !c.runEnded())
            .count();
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

  // --- schedules and workers ---

  private JsonNode addSchedule(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Pipeline pipeline = validPipeline(p);
    try {
      pipeline =
          Schedules.withSchedule(
              pipeline, p.path("cron").asText(null), p.path("zone").asText(null));
    } catch (Schedules.ScheduleException e) {
      throw RpcException.invalidParams(
          p.hasNonNull("cron") ? "cron" : "zone",
          e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
    }
    if (pipeline.schedule() == null) {
      throw RpcException.invalidParams("cron", "the pipeline has no schedule: give cron");
    }
    String name = p.path("name").asText(pipeline.name());
    Schedules.register(api.store, name, pipeline, api.now());
    return api.store.schedules().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .map(WeftMethods::schedule)
        .orElseThrow();
  }

  private static ObjectNode schedule(ScheduleRecord s) {
    ObjectNode v = Jsons.object();
    v.put("name", s.name());
    v.put("cron", s.schedule().cron());
    v.put("zone", s.schedule().zone());
    v.put("next", s.nextFireAt() == null ? null : s.nextFireAt().toString());
    v.put("last_fired", s.lastFireAt() == null ? null : s.lastFireAt().toString());
    if (s.lastRunId() == null) {
      v.putNull("last_run");
    } else {
      v.put("last_run", s.lastRunId());
    }
    return v;
  }

  private static ObjectNode worker(WorkerRecord w) {
    ObjectNode v = Jsons.object();
    v.put("id", w.id());
    v.put("host", w.host());
    v.put("pid", w.pid());
    v.put("status", w.draining() ? "draining" : "active");
    v.put("concurrency", w.concurrency());
    v.put("running", w.running());
    v.put("started_at", String.valueOf(w.startedAt()));
    v.put("heartbeat_at", String.valueOf(w.heartbeatAt()));
    v.put("lease_ms", w.lease() == null ? 0 : w.lease().toMillis());
    v.put("version", w.version());
    return v;
  }
}
