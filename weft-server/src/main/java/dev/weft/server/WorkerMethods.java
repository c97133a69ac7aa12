package dev.weft.server;

import static dev.weft.server.Schemas.anyObject;
import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.integer;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;
import static dev.weft.server.Schemas.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.remote.WorkWire;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code worker.*} methods: a remote worker's {@link WorkQueue} over HTTP ({@link
 * dev.weft.server.remote.RemoteWorkQueue} calls them), each answered by the server's own store, so
 * claims, leases and fencing are the store's as for a worker on the database. They need the {@code
 * work} scope. See docs/api.md.
 */
final class WorkerMethods {

  /** The labels of code modules' tasks start with this: a remote worker runs none of them. */
  static final String MODULE_LABELS = "modules.";

  private final TaskStore store;
  private final RemoteWorkers workers;
  private final WorkSignal signal;
  private final Duration longestWait;

  WorkerMethods(TaskStore store, WorkSignal signal, Duration timeout) {
    this.store = store;
    this.workers = new RemoteWorkers(store);
    this.signal = signal;
    // A long poll answers well within the server's timeout of one call.
    this.longestWait =
        timeout.minusSeconds(5).isNegative() ? Duration.ZERO : timeout.minusSeconds(5);
  }

  List<RpcMethod> methods() {
    ObjectNode worker = anyObject("the worker: id, host, pid, concurrency, lease_ms, labels, ...");
    ObjectNode workerId = string("the worker's id, as it registered");
    ObjectNode millis = integer("milliseconds since the epoch, on the database's clock");
    List<RpcMethod> m = new ArrayList<>();
    m.add(
        method(
            "worker.register",
            "Register a remote worker: its claims serve its labels",
            object("the worker", "!worker", worker),
            object("the server's answer", "now", millis),
            this::register));
    m.add(
        method(
            "worker.heartbeat",
            "Extend the leases of the tasks a worker holds; says whether it is asked to drain",
            object(
                "the heartbeat",
                "!worker",
                worker,
                "!now",
                millis,
                "!lease_until",
                millis,
                "held",
                arrayOf(id(null), "the tasks it holds")),
            object("the answer", "drain", Schemas.bool(null)),
            this::heartbeat));
    m.add(
        method(
            "worker.deregister",
            "A remote worker leaves cleanly",
            object("the worker", "!worker_id", workerId),
            anyObject("nothing"),
            call -> {
              String id = call.params().get("worker_id").asText();
              workers.session(id, call.caller());
              store.deregisterWorker(id);
              workers.left(id);
              return Jsons.object();
            }));
    m.add(
        method(
            "worker.claim",
            "Record how attempts ended, then claim up to max ready tasks, in one transaction",
            object(
                "the claim",
                "!worker_id",
                workerId,
                "outcomes",
                arrayOf(anyObject("task_id, epoch, kind and its fields"), null),
                "run_id",
                id("only this run's tasks"),
                "!max",
                Schemas.range(integer("at most this many"), 0, 10_000),
                "!now",
                millis,
                "!lease_until",
                millis,
                "limits",
                anyObject("global, per_user, per_run, per_type, limiters")),
            object(
                "what happened",
                "changes",
                arrayOf(anyObject(null), "the status changes"),
                "claimed",
                arrayOf(anyObject(null), "the claims")),
            this::claim));
    m.add(
        method(
            "worker.release",
            "Put unfinished claims back as not started (a drain)",
            object(
                "the claims",
                "!worker_id",
                workerId,
                "!claims",
                arrayOf(anyObject("task_id, epoch"), null)),
            object("how many", "released", integer(null)),
            call -> {
              String id = call.params().get("worker_id").asText();
              workers.session(id, call.caller());
              List<ClaimedTask> claims = resolve(id, call.params(), "claims");
              int released = store.release(claims);
              workers.ended(claims);
              return Jsons.object().put("released", released);
            }));
    m.add(
        method(
            "worker.cancel_requested",
            "The tasks a worker holds that were asked to stop",
            object("the worker", "!worker_id", workerId),
            object("the tasks", "task_ids", arrayOf(integer(null), null)),
            call -> {
              String id = call.params().get("worker_id").asText();
              workers.session(id, call.caller());
              return Jsons.object()
                  .set("task_ids", WorkWire.array(store.cancelRequested(id), LongNode::valueOf));
            }));
    m.add(
        method(
            "worker.report",
            "Store log lines and progress of running tasks",
            object(
                "the reports",
                "lines",
                arrayOf(anyObject("task_id, attempt, at, level, message"), null),
                "progress",
                arrayOf(anyObject("task_id, fraction, note"), null)),
            anyObject("nothing"),
            call -> {
              store.report(
                  wire(() -> WorkWire.list(call.params(), "lines", WorkWire::line)),
                  wire(() -> WorkWire.list(call.params(), "progress", WorkWire::progress)));
              return Jsons.object();
            }));
    m.add(
        method(
            "worker.checkpoint",
            "Save a running attempt's checkpoint; refused when it no longer holds the task",
            object(
                "the checkpoint",
                "!worker_id",
                workerId,
                "!task_id",
                id(null),
                "!epoch",
                integer("the claim's lease epoch"),
                "!state",
                type("string", "the state, as JSON"),
                "!now",
                millis),
            object("the answer", "saved", Schemas.bool(null)),
            this::checkpoint));
    m.add(
        method(
            "worker.last_checkpoint",
            "The last checkpoint a task saved",
            object("the task", "!task_id", id(null)),
            object("the answer", "checkpoint", anyObject("state, attempt, at; or null")),
            call ->
                optional(
                    "checkpoint",
                    store
                        .checkpoint(Api.id(call.params().get("task_id")))
                        .map(WorkWire::checkpoint))));
    m.add(
        method(
            "worker.cached",
            "The result kept under a fingerprint",
            object("the lookup", "!fingerprint", string(null), "!now", millis),
            object("the answer", "entry", anyObject("the kept result, or null")),
            call ->
                optional(
                    "entry",
                    store
                        .cached(
                            call.params().get("fingerprint").asText(),
                            Instant.ofEpochMilli(call.params().get("now").asLong()))
                        .map(WorkWire::cacheEntry))));
    m.add(
        method(
            "worker.pipeline",
            "The pipeline kept on a run, as JSON",
            object("the run", "!run_id", id(null)),
            object("the answer", "pipeline", string(null)),
            call ->
                Jsons.object()
                    .put("pipeline", store.pipelineJson(Api.id(call.params().get("run_id"))))));
    m.add(
        method(
            "worker.trace",
            "The trace a run belongs to (W3C trace context), or null when it is not traced",
            object("the run", "!run_id", id(null)),
            Schemas.type(List.of("object", "null"), "traceparent, tracestate, parent_span_id"),
            call ->
                store
                    .trace(Api.id(call.params().get("run_id")))
                    .<JsonNode>map(t ->
                        Jsons.object()
                            .put("traceparent", t.traceparent())
                            .put("tracestate", t.tracestate())
                            .put("parent_span_id", t.parentSpanId()))
                    .orElse(null)));
    m.add(
        method(
            "worker.next_due",
            "When a ready task of a run (or any) next becomes claimable",
            object("the run", "run_id", id("only this run (default: any)")),
            object("the answer", "at", millis),
            call -> {
              JsonNode run = call.params().get("run_id");
              Optional<Instant> due = store.nextDue(run == null ? null : Api.id(run));
              ObjectNode out = Jsons.object();
              WorkWire.putInstant(out, "at", due.orElse(null));
              return out;
            }));
    m.add(
        method(
            "worker.active",
            "How many tasks of any run are ready or running",
            object("nothing"),
            object("the answer", "active", integer(null)),
            call -> Jsons.object().put("active", store.active())));
    m.add(
        method(
            "worker.time",
            "The time on the database's clock, which leases are kept on",
            object("nothing"),
            object("the answer", "now", millis),
            call -> Jsons.object().put("now", store.databaseTime().toEpochMilli())));
    m.add(
        method(
                "worker.await",
                "Wait (a long poll) until tasks may have become claimable, or wait_ms passed",
                object(
                    "the wait",
                    "!after",
                    integer("the generation last answered (-1 at first)"),
                    "wait_ms",
                    Schemas.range(integer("at most this long (default 20000)"), 0, 600_000)),
                object("the answer", "generation", integer("the new generation")),
                call -> {
                  long after = call.params().get("after").asLong();
                  Duration wait = Duration.ofMillis(call.params().path("wait_ms").asLong(20_000));
                  if (wait.compareTo(longestWait) > 0) {
                    wait = longestWait;
                  }
                  long generation = signal.awaitAfter(after, wait);
                  if (signal.closed()) {
                    // An answer would have the worker ask again at once, and keep a stopping
                    // server busy: it waits a little and asks the next one.
                    throw RpcException.of(
                        Errors.INTERNAL, "Internal error: the server is stopping");
                  }
                  return Jsons.object().put("generation", generation);
                })
            .waiting());
    return m;
  }

  private static RpcMethod method(
      String name, String summary, ObjectNode params, JsonNode result, RpcMethod.Handler handler) {
    return new RpcMethod(name, summary, Scope.WORK, params, result, handler);
  }

  private JsonNode register(RpcMethod.Call call) {
    ObjectNode given = (ObjectNode) call.params().get("worker");
    String host = wire(() -> WorkWire.text(given, "host"));
    String from = call.caller().address();
    Instant now = store.databaseTime();
    WorkerRecord worker =
        wire(() -> WorkWire.worker(given, from == null ? host : host + " via " + from, now));
    for (String label : worker.labels()) {
      if (label.startsWith(MODULE_LABELS)) {
        throw RpcException.invalidParams(
            "worker.labels",
            "'"
                + label
                + "': a remote worker cannot run code modules (they run in their application's"
                + " own workers); leave out the modules.* labels");
      }
    }
    try {
      workers.register(worker, call.caller());
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("worker.labels", e.getMessage());
    }
    return Jsons.object().put("now", now.toEpochMilli());
  }

  private JsonNode heartbeat(RpcMethod.Call call) {
    ObjectNode p = call.params();
    String id = wire(() -> WorkWire.text(p.get("worker"), "id"));
    RemoteWorkers.Session session = workers.session(id, call.caller());
    WorkerRecord worker =
        session
            .worker()
            .withLoad(
                new WorkerRecord.Load(
                    p.get("worker").path("cpu").asDouble(-1),
                    p.get("worker").path("heap_bytes").asLong(-1)));
    List<Long> held = new ArrayList<>();
    p.path("held").forEach(t -> held.add(Api.id(t)));
    workers.holding(id, held);
    boolean drain =
        store.heartbeat(
            worker,
            Instant.ofEpochMilli(p.get("now").asLong()),
            Instant.ofEpochMilli(p.get("lease_until").asLong()),
            held);
    return Jsons.object().put("drain", drain);
  }

  private JsonNode claim(RpcMethod.Call call) {
    ObjectNode p = call.params();
    String id = p.get("worker_id").asText();
    workers.session(id, call.caller());
    JsonNode given = p.path("outcomes");
    List<WorkWire.ClaimRef> refs = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      JsonNode o = given.get(i);
      refs.add(wire("outcomes[" + i + "]", () -> WorkWire.claimRef(o)));
    }
    Map<WorkWire.ClaimRef, ClaimedTask> held = workers.resolve(id, refs);
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      JsonNode o = given.get(i);
      ClaimedTask claim = held.get(refs.get(i));
      if (claim != null) { // an outcome for a task it does not hold is dropped, as a refused one
        outcomes.add(wire("outcomes[" + i + "]", () -> WorkWire.outcome(o, claim)));
      }
    }
    JsonNode run = p.get("run_id");
    WorkQueue.Step step =
        store.finishAndClaim(
            outcomes,
            id,
            run == null || run.isNull() ? null : Api.id(run),
            p.get("max").asInt(),
            Instant.ofEpochMilli(p.get("now").asLong()),
            Instant.ofEpochMilli(p.get("lease_until").asLong()),
            wire("limits", () -> WorkWire.limits(p.get("limits"))),
            root -> true); // the worker asks for each run's pipeline itself
    workers.ended(held.values());
    workers.claimed(id, step.claimed());
    ObjectNode out = Jsons.object();
    out.set("changes", WorkWire.array(step.changes(), WorkWire::change));
    out.set("claimed", WorkWire.array(step.claimed(), WorkWire::claim));
    return out;
  }

  private JsonNode checkpoint(RpcMethod.Call call) {
    ObjectNode p = call.params();
    String id = p.get("worker_id").asText();
    workers.session(id, call.caller());
    WorkWire.ClaimRef ref =
        new WorkWire.ClaimRef(Api.id(p.get("task_id")), p.get("epoch").asLong());
    ClaimedTask claim = workers.resolve(id, List.of(ref)).get(ref);
    boolean saved =
        claim != null
            && store.checkpoint(
                claim, p.get("state").asText(), Instant.ofEpochMilli(p.get("now").asLong()));
    return Jsons.object().put("saved", saved);
  }

  /** The claims {@code field} names that {@code worker} holds. */
  private List<ClaimedTask> resolve(String worker, ObjectNode params, String field) {
    List<WorkWire.ClaimRef> refs = new ArrayList<>();
    JsonNode given = params.path(field);
    for (int i = 0; i < given.size(); i++) {
      JsonNode ref = given.get(i);
      refs.add(wire(field + "[" + i + "]", () -> WorkWire.claimRef(ref)));
    }
    return List.copyOf(workers.resolve(worker, refs).values());
  }

  private static ObjectNode optional(String field, Optional<ObjectNode> value) {
    ObjectNode out = Jsons.object();
    if (value.isPresent()) {
      out.set(field, value.get());
    } else {
      out.putNull(field);
    }
    return out;
  }

  /** Reads a wire value; a bad field is -32602 naming it. */
  private static <T> T wire(java.util.function.Supplier<T> read) {
    return wire(null, read);
  }

  private static <T> T wire(String where, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      String message = e.getMessage() == null ? "is malformed" : e.getMessage();
      int space = message.indexOf(' ');
      String field = space > 0 ? message.substring(0, space) : "params";
      throw RpcException.invalidParams(
          where == null ? field : where + "." + field,
          space > 0 ? message.substring(space + 1) : message);
    }
  }
}
