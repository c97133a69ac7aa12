package dev.weft.tasks;

import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Instant;
import java.util.List;

/**
 * The dispatcher's periodic duties besides claiming: this worker's heartbeat, cancellation
 * requests, and, for a worker on the database, the store's {@link Oversight}. Each has its own next
 * time; the dispatcher calls in on every turn and waits no longer than {@link #nextDuty}.
 */
final class Supervisor {

  private final WorkQueue queue;
  private final EngineOptions options;
  private final WorkerRecord registration;
  private final InFlight inFlight;
  private final Runnable syncClock;
  private final Oversight oversight; // null for a remote worker
  private Instant nextBeat = Instant.MIN;
  private Instant nextCancelCheck = Instant.MIN;

  Supervisor(
      WorkQueue queue,
      EngineOptions options,
      WorkerRecord registration,
      InFlight inFlight,
      Runnable syncClock,
      Oversight oversight) {
    this.queue = queue;
    this.options = options;
    this.registration = registration;
    this.inFlight = inFlight;
    this.syncClock = syncClock;
    this.oversight = oversight;
  }

  /**
   * Does what is due of the duties that come before a claim (of run {@code rootId}'s tasks, or any
   * run's for {@code null}). Returns what the dispatcher must know: whether a drain was asked
   * through the store and whether schedules started runs.
   */
  Turn beforeClaim(Long rootId, RunListener listener) {
    boolean drainAsked = false;
    if (!now().isBefore(nextBeat)) {
      drainAsked = heartbeat();
      nextBeat = now().plus(options.lease().dividedBy(3));
    }
    boolean fired = oversight != null && oversight.beforeClaim(rootId, listener);
    return new Turn(drainAsked, fired);
  }

  /** What a supervision turn tells the dispatcher. */
  record Turn(boolean drainAsked, boolean scheduledRuns) {}

  /** The earliest time a duty falls due (schedules only when working on every run). */
  Instant nextDuty(Long rootId) {
    return rootId == null && oversight != null && oversight.nextScheduleCheck().isBefore(nextBeat)
        ? oversight.nextScheduleCheck()
        : nextBeat;
  }

  /** See {@link Oversight#fireDueSchedules}. */
  List<Long> fireDueSchedules(RunListener listener) {
    if (oversight == null) {
      throw new IllegalStateException("a remote worker does not fire schedules: its server does");
    }
    return oversight.fireDueSchedules(listener);
  }

  /**
   * Extends this worker's leases, then does the store's duties. Returns whether {@code weft workers
   * drain} asked this worker to drain.
   */
  private boolean heartbeat() {
    syncClock.run(); // leases and heartbeats on the database's clock
    boolean drainAsked =
        queue.heartbeat(
            registration.withLoad(WorkerRecord.Load.ofThisProcess()),
            now(),
            now().plus(options.lease()),
            inFlight.heldIds());
    if (oversight != null) {
      oversight.afterHeartbeat();
    }
    return drainAsked;
  }

  /**
   * Interrupts the tasks a {@code weft runs cancel} asked to stop. Looked for at most once per poll
   * interval, while waiting.
   */
  void stopCancelledTasks() {
    if (inFlight.runningCount() == 0 || now().isBefore(nextCancelCheck)) {
      return;
    }
    nextCancelCheck = now().plus(options.poll());
    inFlight.interrupt(queue.cancelRequested(registration.id()));
  }

  private Instant now() {
    return options.clock().instant();
  }
}
