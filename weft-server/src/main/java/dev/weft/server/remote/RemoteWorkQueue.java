package dev.weft.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.client.RemoteCallException;
import dev.weft.server.client.WeftClient;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * A {@link WorkQueue} on a {@code weft server}: each method is a call of the server's {@code
 * worker.*} methods (docs/api.md), which the server answers from its own store, so claims, leases
 * and fencing are the store's. A remote worker's engine works through it ({@link
 * dev.weft.tasks.TaskEngine#remote}).
 *
 * <pre>{@code
 * WorkQueue queue = RemoteWorkQueue.connect("http://weft-host:8080", token);
 * try (TaskEngine engine = TaskEngine.remote(queue, NodeTypes.load(), EngineOptions.defaults())) {
 *   engine.work(RunListener.NONE, false);
 * }
 * }</pre>
 *
 * <p>A server out of reach, or whose store is, is a {@link StoreException} with {@link
 * StoreException#connectionLost()} set: the engine rides it out as a worker on the database rides
 * out a lost database. A server that restarted and no longer knows this worker has it registered
 * again. Wake-ups are a long poll ({@code worker.await}) on a thread of their own. Rate-limited
 * tasks are looked for again at the worker's poll interval: their tokens are the server's.
 */
public final class RemoteWorkQueue implements WorkQueue {

  /** How long one call may take, past the server's own timeout (30 s by default). */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);

  /** How long one long poll for new work waits at most. */
  static final Duration LONG_POLL = Duration.ofSeconds(20);

  private static final int NOT_FOUND = -32004;
  private static final int TIMEOUT = -32008;
  private static final int STORE_UNAVAILABLE = -32009;

  private final WeftClient client;
  private volatile WorkerRecord registration;

  /** A queue on the server {@code client} calls. */
  public RemoteWorkQueue(WeftClient client) {
    this.client = client;
  }

  /**
   * A queue on the server at {@code url} with bearer {@code token} (none when {@code null}).
   *
   * @throws IllegalArgumentException when {@code url} is not an http(s) URL with a host
   */
  public static RemoteWorkQueue connect(String url, String token) {
    return new RemoteWorkQueue(WeftClient.of(url, token, CALL_TIMEOUT));
  }

  /** The server's base URL, as messages say it. */
  public String server() {
    return client.server().toString();
  }

  @Override
  public void registerWorker(WorkerRecord worker) {
    registration = worker;
    ObjectNode p = WeftClient.params();
    p.set("worker", WorkWire.worker(worker));
    call("worker.register", p);
  }

  @Override
  public void deregisterWorker(String id) {
    call("worker.deregister", WeftClient.params().put("worker_id", id));
  }

  @Override
  public boolean heartbeat(
      WorkerRecord worker, Instant now, Instant leaseUntil, Collection<Long> held) {
    ObjectNode p = WeftClient.params();
    p.set("worker", WorkWire.worker(worker));
    p.put("now", now.toEpochMilli()).put("lease_until", leaseUntil.toEpochMilli());
    ArrayNode ids = p.putArray("held");
    held.forEach(ids::add);
    return call("worker.heartbeat", p).path("drain").asBoolean(false);
  }

  @Override
  public Step finishAndClaim(
      Collection<Outcome> outcomes,
      String worker,
      Long rootId,
      int max,
      Instant now,
      Instant leaseUntil,
      Limits limits,
      LongPredicate known) {
    // Brings no pipelines: a remote worker reads each new run's with worker.pipeline.
    ObjectNode p = WeftClient.params().put("worker_id", worker);
    p.set("outcomes", WorkWire.array(List.copyOf(outcomes), WorkWire::outcome));
    if (rootId != null) {
      p.put("run_id", rootId);
    }
    p.put("max", max).put("now", now.toEpochMilli()).put("lease_until", leaseUntil.toEpochMilli());
    p.set("limits", WorkWire.limits(limits));
    JsonNode answer = call("worker.claim", p);
    return new Step(
        WorkWire.list(answer, "changes", WorkWire::change),
        WorkWire.list(answer, "claimed", WorkWire::claim));
  }

  @Override
  public int release(Collection<ClaimedTask> claims) {
    if (claims.isEmpty()) {
      return 0;
    }
    ObjectNode p = WeftClient.params().put("worker_id", workerId());
    p.set("claims", WorkWire.array(List.copyOf(claims), WorkWire::claimRef));
    return call("worker.release", p).path("released").asInt();
  }

  @Override
  public List<Long> cancelRequested(String worker) {
    List<Long> ids = new ArrayList<>();
    call("worker.cancel_requested", WeftClient.params().put("worker_id", worker))
        .path("task_ids")
        .forEach(id -> ids.add(id.asLong()));
    return ids;
  }

  @Override
  public void report(Collection<LogLine> lines, Collection<Progress> progress) {
    ObjectNode p = WeftClient.params();
    p.set("lines", WorkWire.array(List.copyOf(lines), WorkWire::line));
    p.set("progress", WorkWire.array(List.copyOf(progress), WorkWire::progress));
    call("worker.report", p);
  }

  @Override
  public boolean checkpoint(ClaimedTask claim, String stateJson, Instant now) {
    ObjectNode p =
        WeftClient.params()
            .put("worker_id", workerId())
            .put("task_id", claim.id())
            .put("epoch", claim.epoch())
            .put("state", stateJson)
            .put("now", now.toEpochMilli());
    return call("worker.checkpoint", p).path("saved").asBoolean(false);
  }

  @Override
  public Optional<Checkpoint> checkpoint(long taskId) {
    JsonNode found =
        call("worker.last_checkpoint", WeftClient.params().put("task_id", taskId))
            .path("checkpoint");
    return found.isObject() ? Optional.of(WorkWire.checkpoint(found)) : Optional.empty();
  }

  @Override
  public Optional<CacheEntry> cached(String fingerprint, Instant now) {
    JsonNode found =
        call(
                "worker.cached",
                WeftClient.params().put("fingerprint", fingerprint).put("now", now.toEpochMilli()))
            .path("entry");
    return found.isObject() ? Optional.of(WorkWire.cacheEntry(found)) : Optional.empty();
  }

  @Override
  public String pipelineJson(long rootId) {
    return call("worker.pipeline", WeftClient.params().put("run_id", rootId))
        .path("pipeline")
        .asText();
  }

  @Override
  public Optional<TraceContext> trace(long rootId) {
    JsonNode t = call("worker.trace", WeftClient.params().put("run_id", rootId));
    if (t == null || !t.hasNonNull("traceparent")) {
      return Optional.empty();
    }
    return Optional.of(
        new TraceContext(
            t.get("traceparent").asText(),
            t.hasNonNull("tracestate") ? t.get("tracestate").asText() : null,
            t.hasNonNull("parent_span_id") ? t.get("parent_span_id").asText() : null));
  }

  @Override
  public Optional<Instant> nextDue(Long rootId) {
    ObjectNode p = WeftClient.params();
    if (rootId != null) {
      p.put("run_id", rootId);
    }
    return Optional.ofNullable(WorkWire.instant(call("worker.next_due", p), "at"));
  }

  /** Always empty: rate-limited tasks are looked for again at the worker's poll interval. */
  @Override
  public Optional<Instant> nextRateToken() {
    return Optional.empty();
  }

  @Override
  public int active() {
    return call("worker.active", WeftClient.params()).path("active").asInt();
  }

  @Override
  public Instant databaseTime() {
    return Instant.ofEpochMilli(call("worker.time", WeftClient.params()).path("now").asLong());
  }

  /**
   * Long-polls the server ({@code worker.await}) on a thread of its own and calls {@code listener}
   * each time tasks may have become claimable; while the server is out of reach it tries again
   * every few seconds (the engine's own calls say that it is).
   */
  @Override
  public AutoCloseable onNewWork(Runnable listener) {
    Thread poller =
        Thread.ofPlatform()
            .daemon()
            .name("weft-remote-wakeups")
            .start(() -> {
              long seen = -1;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  ObjectNode p =
                      WeftClient.params().put("after", seen).put("wait_ms", LONG_POLL.toMillis());
                  long now = client.call("worker.await", p).path("generation").asLong();
                  if (now != seen) {
                    seen = now;
                    listener.run();
                  }
                } catch (RemoteCallException e) {
                  try {
                    Thread.sleep(Duration.ofSeconds(2)); // out of reach: try again shortly
                  } catch (InterruptedException stop) {
                    return;
                  }
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    return poller::interrupt;
  }

  private String workerId() {
    WorkerRecord worker = registration;
    if (worker == null) {
      throw new IllegalStateException("no worker registered through this queue yet");
    }
    return worker.id();
  }

  /**
   * Calls {@code method}; a server that no longer knows this worker (it restarted) has it
   * registered again first, once.
   */
  private JsonNode call(String method, ObjectNode params) {
    try {
      return send(method, params);
    } catch (RemoteCallException e) {
      WorkerRecord worker = registration;
      if (e.code() != NOT_FOUND
          || worker == null
          || method.equals("worker.register")
          || e.data() == null
          || !e.data().has("worker_id")) {
        throw failure(method, e);
      }
      ObjectNode again = WeftClient.params();
      again.set("worker", WorkWire.worker(worker));
      try {
        send("worker.register", again);
        return send(method, params);
      } catch (RemoteCallException retried) {
        throw failure(method, retried);
      }
    }
  }

  private JsonNode send(String method, ObjectNode params) {
    try {
      return client.call(method, params);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(method + " was interrupted", e, true);
    }
  }

  private StoreException failure(String method, RemoteCallException e) {
    if (e.unreachable()) {
      return new StoreException(e.getMessage(), e, true);
    }
    if (e.code() == STORE_UNAVAILABLE || e.code() == TIMEOUT) {
      return new StoreException(
          "the Weft server at " + client.server() + " cannot reach its task store", e, true);
    }
    String reason = e.data() == null ? null : e.data().path("reason").asText(null);
    return new StoreException(
        "the Weft server at "
            + client.server()
            + " refused "
            + method
            + ": "
            + e.getMessage()
            + (reason == null ? "" : " (" + reason + ")"),
        e,
        false);
  }
}
