package dev.weft.tasks.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The part of a task store a worker uses to do the work: register, claim, heartbeat the claims it
 * holds, report logs, progress and checkpoints, look up cached results, read a run's pipeline, and
 * record how attempts ended. {@link TaskStore} is one (a worker on the database); a client of a
 * {@code weft server} is another (a remote worker, whose server calls its own store). Writes about
 * a claim are fenced by its lease epoch wherever they go: the store decides.
 */
public interface WorkQueue {

  /**
   * {@link TaskStore#finish} then {@link TaskStore#claim}, in one transaction: what a worker does
   * each time tasks end. The step may bring the pipelines of the claimed tasks' runs that {@code
   * known} does not hold (the caller has those already), read in the same transaction; a run whose
   * pipeline it does not bring is read with {@link #pipelineJson} as usual.
   */
  Step finishAndClaim(
      Collection<Outcome> outcomes,
      String worker,
      Long rootId,
      int max,
      Instant now,
      Instant leaseUntil,
      Limits limits,
      LongPredicate known);

  /**
   * What {@link #finishAndClaim} did: the status changes, the tasks claimed, and pipelines of their
   * runs, by run id.
   */
  record Step(
      List<StatusChange> changes, List<ClaimedTask> claimed, Map<Long, RunPipeline> pipelines) {

    /** A step that brought no pipelines. */
    public Step(List<StatusChange> changes, List<ClaimedTask> claimed) {
      this(changes, claimed, Map.of());
    }
  }

  /** Running tasks held by {@code worker} that have been asked to stop. */
  List<Long> cancelRequested(String worker);

  /**
   * Extends the leases of the tasks {@code worker} holds ({@code held}, by id), and its heartbeat,
   * noting how many it runs. Only those: a claim the worker never learnt of (the reply to its claim
   * lost with the connection) is left to expire and be taken over. Returns whether it has been
   * asked to drain ({@link TaskStore#drainWorker}). A worker no longer registered (taken for dead
   * while it was stuck; its tasks were taken over) registers again.
   */
  boolean heartbeat(WorkerRecord worker, Instant now, Instant leaseUntil, Collection<Long> held);

  /** Forgets a worker that stopped cleanly. */
  void deregisterWorker(String id);

  /**
   * Puts claimed tasks back to ready as if they had not started (their attempt is not counted):
   * what a draining worker does with the tasks its grace period did not let it finish. A claim
   * whose lease was taken over meanwhile is left alone. Returns how many.
   */
  int release(Collection<ClaimedTask> claims);

  /**
   * The time on the database's clock: workers on machines whose clocks differ keep their leases and
   * heartbeats on it, so they agree on when a lease has run out.
   */
  Instant databaseTime();

  /**
   * Registers a worker process, with the labels its claims serve.
   *
   * @throws IllegalArgumentException when it has more than {@link
   *     dev.weft.core.RoutingSpec#MAX_WORKER_LABELS} labels
   */
  void registerWorker(WorkerRecord worker);

  /** The earliest time a ready task of this run (or any, for {@code null}) becomes claimable. */
  Optional<Instant> nextDue(Long rootId);

  /**
   * When a ready task the last claims passed over for want of a rate-limit token gets one, if any
   * was passed over since this was last asked.
   */
  Optional<Instant> nextRateToken();

  /** How many tasks of any run are ready or running. */
  int active();

  /** The result kept under {@code fingerprint}, if there is one that has not expired. */
  Optional<CacheEntry> cached(String fingerprint, Instant now);

  /** Stores what running tasks reported: log lines, and each task's latest progress. */
  void report(Collection<LogLine> lines, Collection<Progress> progress);

  /**
   * Saves the state of the attempt holding {@code claim} as its task's checkpoint, durably before
   * it returns, replacing the one before. Refused ({@code false}) when the attempt no longer holds
   * the task: its lease was taken over, or the task ended.
   */
  boolean checkpoint(ClaimedTask claim, String stateJson, Instant now);

  /** The last checkpoint task {@code taskId} saved, by whichever attempt. */
  Optional<Checkpoint> checkpoint(long taskId);

  /** The pipeline JSON kept on a run. */
  String pipelineJson(long rootId);

  /**
   * The trace run {@code rootId} belongs to, kept beside its pipeline when it was created ({@link
   * RunPlan#trace}); empty when it is not traced.
   */
  Optional<TraceContext> trace(long rootId);

  /**
   * Calls {@code listener} (on a thread of its own) each time another process may have made tasks
   * ready: a new run, tasks released or put back. Only a hint to look sooner than the next poll; a
   * database that cannot tell (SQLite) never calls it. Closing the result stops it.
   */
  AutoCloseable onNewWork(Runnable listener);
}
