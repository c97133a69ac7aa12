package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.id;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Pipeline;
import dev.weft.tasks.Schedules;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.WorkerRecord;
import java.util.ArrayList;
import java.util.List;

/** Weft's own methods of the store: schedules, workers and the result cache. */
final class StoreMethods {

  private final Api api;

  private final Manifests manifests;

  StoreMethods(Api api, Manifests manifests) {
    this.api = api;
    this.manifests = manifests;
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
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
            Manifests.params(
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
                    "object",
                    "id, host, pid, status, concurrency, running, heartbeat_at, labels, types,"
                        + " cpu (0 to 1), heap_bytes, ..."),
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

  private JsonNode addSchedule(RpcMethod.Call call) {
    ObjectNode p = call.params();
    Pipeline pipeline = manifests.validPipeline(p);
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
        .map(StoreMethods::schedule)
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
    ArrayNode labels = v.putArray("labels");
    w.labels().forEach(labels::add);
    ArrayNode types = v.putArray("types");
    w.types().forEach(types::add);
    if (w.load() != null && w.load().cpu() >= 0) {
      v.put("cpu", w.load().cpu());
    } else {
      v.putNull("cpu");
    }
    if (w.load() != null && w.load().heapBytes() >= 0) {
      v.put("heap_bytes", w.load().heapBytes());
    } else {
      v.putNull("heap_bytes");
    }
    return v;
  }
}
