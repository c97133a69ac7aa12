package dev.weft.server;

import dev.weft.server.remote.WorkWire.ClaimRef;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.RunningTask;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote workers this server serves, and the claims it handed them: a remote worker names a
 * claim by task and lease epoch, and the server answers for the rest (its run, node and attempt),
 * so a worker cannot misreport them. What the server does not hold in memory (it restarted) it
 * reads from the store; the store's lease epoch decides either way.
 */
final class RemoteWorkers {

  /** A registered remote worker: who registered it, and as what. */
  record Session(String user, WorkerRecord worker) {}

  private record Held(String worker, ClaimedTask claim) {}

  private final TaskStore store;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<Long, Held> claims = new ConcurrentHashMap<>();

  RemoteWorkers(TaskStore store) {
    this.store = store;
  }

  /** Registers {@code worker} for {@code caller}, anew when it was registered before. */
  void register(WorkerRecord worker, Caller caller) {
    Session known = sessions.get(worker.id());
    if (known != null && !caller.mayAccess(known.user())) {
      throw othersWorker(worker.id());
    }
    // A worker registering again (this server restarted, or its row was reaped) replaces its row.
    store.deregisterWorker(worker.id());
    store.registerWorker(worker);
    sessions.put(worker.id(), new Session(caller.user(), worker));
  }

  /**
   * The session of worker {@code id}; -32004 when this server does not know it (the worker
   * registers again), -32003 when another user registered it.
   */
  Session session(String id, Caller caller) {
    Session session = sessions.get(id);
    if (session == null) {
      throw RpcException.of(
          Errors.NOT_FOUND,
          "No remote worker " + id + " on this server: register it (worker.register)",
          "worker_id",
          id);
    }
    if (!caller.mayAccess(session.user())) {
      throw othersWorker(id);
    }
    return session;
  }

  private static RpcException othersWorker(String id) {
    return RpcException.of(
        Errors.FORBIDDEN, "Forbidden: worker " + id + " was registered by another user");
  }

  /** Forgets worker {@code id} and its claims. */
  void left(String id) {
    sessions.remove(id);
    claims.values().removeIf(h -> h.worker().equals(id));
  }

  /** {@code worker} now holds these claims. */
  void claimed(String worker, Collection<ClaimedTask> claimed) {
    claimed.forEach(c -> claims.put(c.id(), new Held(worker, c)));
  }

  /** These claims ended (recorded, released or refused): they are no longer held. */
  void ended(Collection<ClaimedTask> ended) {
    ended.forEach(
        c -> claims.computeIfPresent(c.id(), (id, h) -> h.claim().epoch() == c.epoch() ? null : h));
  }

  /** {@code worker} says it holds these tasks and no others: forget the others it held. */
  void holding(String worker, Collection<Long> held) {
    Set<Long> kept = new HashSet<>(held);
    claims
        .entrySet()
        .removeIf(e -> e.getValue().worker().equals(worker) && !kept.contains(e.getKey()));
  }

  /**
   * The claims {@code refs} name that {@code worker} holds, as they were handed out: from memory,
   * else (this server restarted) rebuilt from the stored task, if it is running under this worker
   * (its current attempt is then the claim's; if the epoch is not current, the store refuses what
   * is written with it). A ref to a task the worker does not hold is left out: a worker cannot
   * write about another's tasks, whatever epoch it names.
   */
  Map<ClaimRef, ClaimedTask> resolve(String worker, Collection<ClaimRef> refs) {
    Map<ClaimRef, ClaimedTask> resolved = new LinkedHashMap<>();
    Set<Long> running = null; // read once, and only when memory does not answer
    for (ClaimRef ref : refs) {
      Held held = claims.get(ref.taskId());
      if (held != null && held.worker().equals(worker) && held.claim().epoch() == ref.epoch()) {
        resolved.put(ref, held.claim());
        continue;
      }
      if (running == null) {
        running = new HashSet<>();
        for (RunningTask task : store.runningTasks()) {
          if (task.worker().equals(worker)) {
            running.add(task.taskId());
          }
        }
      }
      if (running.contains(ref.taskId())) {
        store.task(ref.taskId()).ifPresent(t -> resolved.put(ref, rebuilt(t, ref)));
      }
    }
    return resolved;
  }

  private static ClaimedTask rebuilt(TaskRecord task, ClaimRef ref) {
    Instant round = task.roundStartedAt() != null ? task.roundStartedAt() : task.startedAt();
    return new ClaimedTask(
        task.id(),
        task.rootId(),
        task.nodeId(),
        task.type(),
        task.attempt(),
        0,
        ref.epoch(),
        round,
        Map.of(),
        Map.of());
  }
}
