package dev.weft.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@code worker.*} methods write what a worker and its store exchange, as JSON: both ends
 * (the server's methods and {@link RemoteWorkQueue}) use it, so they cannot differ. Times are
 * milliseconds since the epoch; names are snake_case. An outcome names its claim only by task id
 * and lease epoch: the server knows the rest, and the epoch is what fences it. A field missing or
 * of the wrong kind is an {@link IllegalArgumentException} naming it.
 */
public final class WorkWire {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WorkWire() {}

  // --- workers ---

  /** A worker as it registers and heartbeats. */
  public static ObjectNode worker(WorkerRecord w) {
    ObjectNode o = JSON.objectNode();
    o.put("id", w.id());
    o.put("host", w.host());
    o.put("pid", w.pid());
    o.put("started_at", w.startedAt().toEpochMilli());
    o.put("concurrency", w.concurrency());
    o.put("lease_ms", w.lease().toMillis());
    o.put("version", w.version());
    o.set("labels", strings(w.labels()));
    o.set("types", strings(w.types()));
    o.put("cpu", w.load().cpu());
    o.put("heap_bytes", w.load().heapBytes());
    return o;
  }

  /** The worker {@link #worker(WorkerRecord)} wrote, with its host as {@code host}. */
  public static WorkerRecord worker(JsonNode o, String host, Instant now) {
    WorkerRecord starting =
        WorkerRecord.starting(
            text(o, "id"),
            host,
            number(o, "pid"),
            now,
            (int) number(o, "concurrency"),
            Duration.ofMillis(number(o, "lease_ms")),
            o.path("version").isTextual() ? o.get("version").asText() : null);
    return starting
        .serving(stringList(o, "labels"), stringList(o, "types"))
        .withLoad(
            new WorkerRecord.Load(o.path("cpu").asDouble(-1), o.path("heap_bytes").asLong(-1)));
  }

  // --- claims and outcomes ---

  /** A claim as the worker gets it. */
  public static ObjectNode claim(ClaimedTask c) {
    ObjectNode o = JSON.objectNode();
    o.put("task_id", c.id());
    o.put("run_id", c.rootId());
    o.put("node_id", c.nodeId());
    o.put("type", c.type());
    o.put("attempt", c.attempt());
    o.put("round_start", c.roundStart());
    o.put("epoch", c.epoch());
    putInstant(o, "round_started_at", c.roundStartedAt());
    ObjectNode inputs = o.putObject("inputs");
    c.inputs().forEach(inputs::put);
    ObjectNode upstream = o.putObject("upstream");
    c.upstream().forEach((id, status) -> upstream.put(id, status.name()));
    return o;
  }

  /** The claim {@link #claim(ClaimedTask)} wrote. */
  public static ClaimedTask claim(JsonNode o) {
    Map<String, String> inputs = new LinkedHashMap<>();
    o.path("inputs").properties().forEach(e -> inputs.put(e.getKey(), e.getValue().asText()));
    Map<String, TaskStatus> upstream = new LinkedHashMap<>();
    o.path("upstream")
        .properties()
        .forEach(e -> upstream.put(e.getKey(), TaskStatus.valueOf(e.getValue().asText())));
    return new ClaimedTask(
        number(o, "task_id"),
        number(o, "run_id"),
        text(o, "node_id"),
        text(o, "type"),
        (int) number(o, "attempt"),
        (int) number(o, "round_start"),
        number(o, "epoch"),
        instant(o, "round_started_at"),
        inputs,
        upstream);
  }

  /** What names a claim: its task and lease epoch. */
  public static ObjectNode claimRef(ClaimedTask c) {
    return JSON.objectNode().put("task_id", c.id()).put("epoch", c.epoch());
  }

  /** A claim named by {@link #claimRef}. */
  public record ClaimRef(long taskId, long epoch) {}

  /** The claim a {@link #claimRef} (or an outcome) names. */
  public static ClaimRef claimRef(JsonNode o) {
    return new ClaimRef(number(o, "task_id"), number(o, "epoch"));
  }

  /** How an attempt ended, naming its claim by {@link #claimRef}. */
  public static ObjectNode outcome(Outcome outcome) {
    ObjectNode o = claimRef(outcome.claim());
    switch (outcome) {
      case Outcome.Succeeded s -> {
        o.put("kind", "succeeded").put("result", s.resultJson());
        if (s.keep() != null) {
          ObjectNode keep = o.putObject("keep").put("fingerprint", s.keep().fingerprint());
          if (s.keep().ttl() != null) {
            keep.put("ttl_ms", s.keep().ttl().toMillis());
          }
        }
      }
      case Outcome.Cached c ->
          o.put("kind", "cached").put("result", c.resultJson()).put("original_id", c.originalId());
      case Outcome.Skipped k -> o.put("kind", "skipped").put("reason", k.reason());
      case Outcome.Retry r -> {
        o.put("kind", "retry").put("error", r.error()).put("timed_out", r.timedOut());
        putInstant(o, "at", r.at());
      }
      case Outcome.Failed f ->
          o.put("kind", "failed")
              .put("error", f.error())
              .put("give_up_reason", f.giveUpReason())
              .put("timed_out", f.timedOut());
    }
    return o;
  }

  /** The outcome {@link #outcome(Outcome)} wrote, for {@code claim} (the one it names). */
  public static Outcome outcome(JsonNode o, ClaimedTask claim) {
    String kind = text(o, "kind");
    return switch (kind) {
      case "succeeded" -> {
        JsonNode keep = o.get("keep");
        yield new Outcome.Succeeded(
            claim,
            optionalText(o, "result"),
            keep == null || keep.isNull()
                ? null
                : new Outcome.Keep(
                    text(keep, "fingerprint"),
                    keep.hasNonNull("ttl_ms")
                        ? Duration.ofMillis(keep.get("ttl_ms").asLong())
                        : null));
      }
      case "cached" ->
          new Outcome.Cached(claim, optionalText(o, "result"), number(o, "original_id"));
      case "skipped" -> new Outcome.Skipped(claim, optionalText(o, "reason"));
      case "retry" ->
          new Outcome.Retry(
              claim,
              optionalText(o, "error"),
              instant(o, "at"),
              o.path("timed_out").asBoolean(false));
      case "failed" ->
          new Outcome.Failed(
              claim,
              optionalText(o, "error"),
              optionalText(o, "give_up_reason"),
              o.path("timed_out").asBoolean(false));
      default ->
          throw new IllegalArgumentException(
              "kind: '" + kind + "' is not succeeded, cached, skipped, retry or failed");
    };
  }

  /** A status change that followed outcomes. */
  public static ObjectNode change(StatusChange c) {
    return JSON.objectNode()
        .put("task_id", c.taskId())
        .put("run_id", c.rootId())
        .put("node_id", c.nodeId())
        .put("status", c.status().name())
        .put("error", c.error());
  }

  /** The change {@link #change(StatusChange)} wrote. */
  public static StatusChange change(JsonNode o) {
    return new StatusChange(
        number(o, "task_id"),
        number(o, "run_id"),
        text(o, "node_id"),
        TaskStatus.valueOf(text(o, "status")),
        optionalText(o, "error"));
  }

  /** The caps a worker claims within. */
  public static ObjectNode limits(Limits l) {
    ObjectNode o = JSON.objectNode();
    putInteger(o, "global", l.global());
    putInteger(o, "per_user", l.perUser());
    putInteger(o, "per_run", l.perRun());
    ObjectNode perType = o.putObject("per_type");
    l.perType().forEach(perType::put);
    ObjectNode limiters = o.putObject("limiters");
    l.limiters().forEach(limiters::put);
    return o;
  }

  /** The caps {@link #limits(Limits)} wrote. */
  public static Limits limits(JsonNode o) {
    if (o == null || o.isNull()) {
      return Limits.NONE;
    }
    return new Limits(
        optionalInteger(o, "global"),
        optionalInteger(o, "per_user"),
        optionalInteger(o, "per_run"),
        integers(o.path("per_type")),
        integers(o.path("limiters")));
  }

  // --- reports, checkpoints, the cache ---

  /** A log line. */
  public static ObjectNode line(LogLine l) {
    return JSON.objectNode()
        .put("task_id", l.taskId())
        .put("attempt", l.attempt())
        .put("at", l.at().toEpochMilli())
        .put("level", l.level())
        .put("message", l.message());
  }

  /** The log line {@link #line(LogLine)} wrote. */
  public static LogLine line(JsonNode o) {
    String level = text(o, "level").toLowerCase(Locale.ROOT);
    return new LogLine(
        number(o, "task_id"),
        (int) number(o, "attempt"),
        instant(o, "at"),
        level,
        text(o, "message"));
  }

  /** A task's progress. */
  public static ObjectNode progress(Progress p) {
    return JSON.objectNode()
        .put("task_id", p.taskId())
        .put("fraction", p.fraction())
        .put("note", p.note());
  }

  /** The progress {@link #progress(Progress)} wrote. */
  public static Progress progress(JsonNode o) {
    if (!o.path("fraction").isNumber()) {
      throw new IllegalArgumentException("fraction must be a number from 0 to 1");
    }
    return new Progress(
        number(o, "task_id"), o.get("fraction").asDouble(), optionalText(o, "note"));
  }

  /** A kept result. */
  public static ObjectNode cacheEntry(CacheEntry e) {
    ObjectNode o =
        JSON.objectNode()
            .put("fingerprint", e.fingerprint())
            .put("task_id", e.taskId())
            .put("node_id", e.nodeId())
            .put("type", e.type())
            .put("result", e.resultJson());
    putInstant(o, "created_at", e.createdAt());
    putInstant(o, "expires_at", e.expiresAt());
    return o;
  }

  /** The kept result {@link #cacheEntry(CacheEntry)} wrote. */
  public static CacheEntry cacheEntry(JsonNode o) {
    return new CacheEntry(
        text(o, "fingerprint"),
        number(o, "task_id"),
        text(o, "node_id"),
        text(o, "type"),
        optionalText(o, "result"),
        instant(o, "created_at"),
        instant(o, "expires_at"));
  }

  /** A saved checkpoint. */
  public static ObjectNode checkpoint(Checkpoint c) {
    return JSON.objectNode()
        .put("state", c.stateJson())
        .put("attempt", c.attempt())
        .put("at", c.at().toEpochMilli());
  }

  /** The checkpoint {@link #checkpoint(Checkpoint)} wrote. */
  public static Checkpoint checkpoint(JsonNode o) {
    return new Checkpoint(text(o, "state"), (int) number(o, "attempt"), instant(o, "at"));
  }

  // --- fields ---

  /** A list of {@code write}'s JSON. */
  public static <T> ArrayNode array(List<T> items, java.util.function.Function<T, JsonNode> write) {
    ArrayNode a = JSON.arrayNode();
    items.forEach(i -> a.add(write.apply(i)));
    return a;
  }

  /** The items of array {@code field} of {@code o}, read by {@code read} (none when absent). */
  public static <T> List<T> list(
      JsonNode o, String field, java.util.function.Function<JsonNode, T> read) {
    JsonNode a = o.path(field);
    if (!a.isMissingNode() && !a.isNull() && !a.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      try {
        items.add(read.apply(a.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + "[" + i + "]." + e.getMessage(), e);
      }
    }
    return items;
  }

  /** Puts a time as milliseconds, or null. */
  public static void putInstant(ObjectNode o, String field, Instant at) {
    if (at == null) {
      o.putNull(field);
    } else {
      o.put(field, at.toEpochMilli());
    }
  }

  /** A time written by {@link #putInstant}, or null. */
  public static Instant instant(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be milliseconds since the epoch");
    }
    return Instant.ofEpochMilli(v.asLong());
  }

  /** A required whole number. */
  public static long number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return v.asLong();
  }

  /** A required string. */
  public static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void putInteger(ObjectNode o, String field, Integer value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  private static Integer optionalInteger(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : (int) number(o, field);
  }

  private static Map<String, Integer> integers(JsonNode o) {
    Map<String, Integer> map = new LinkedHashMap<>();
    o.properties().forEach(e -> map.put(e.getKey(), e.getValue().asInt()));
    return map;
  }

  private static ArrayNode strings(List<String> items) {
    ArrayNode a = JSON.arrayNode();
    items.forEach(a::add);
    return a;
  }

  private static List<String> stringList(JsonNode o, String field) {
    List<String> items = new ArrayList<>();
    o.path(field).forEach(s -> items.add(s.asText()));
    return items;
  }
}
