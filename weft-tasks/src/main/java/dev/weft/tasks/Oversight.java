package dev.weft.tasks;

import dev.weft.core.Durations;
import dev.weft.core.Pipeline;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker on the database does for the whole store besides its own work: taking over the
 * tasks of workers that are gone, aging, pruning the event log, run timeouts and cron schedules. A
 * remote worker, which reaches the store only through a server, does none of it: the server and the
 * database workers do.
 */
final class Oversight {

  private final TaskStore store;
  private final EngineOptions options;
  private final WorkerRecord registration;
  private final StoredRuns runs;
  private final RunSpans runSpans;
  private Instant nextScheduleCheck = Instant.MIN;
  private Instant nextExpiryCheck = Instant.MIN;
  private Instant nextPrune = Instant.MIN;

  /** How often the event log is pruned of what is past its retention. */
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  Oversight(
      TaskStore store,
      EngineOptions options,
      WorkerRecord registration,
      StoredRuns runs,
      RunSpans runSpans) {
    this.store = store;
    this.options = options;
    this.registration = registration;
    this.runs = runs;
    this.runSpans = runSpans;
  }

  /**
   * The duties that come with each heartbeat: puts back the tasks of workers that are gone (at once
   * for a dead process on this host, else when its lease has passed without a heartbeat), ages the
   * ready tasks, and prunes the event log once a minute.
   */
  void afterHeartbeat() {
    List<String> dead = new ArrayList<>();
    for (WorkerRecord worker : store.workers()) {
      if (worker.id().equals(registration.id())) {
        continue;
      }
      boolean local = worker.host().equals(registration.host());
      boolean gone = local && ProcessHandle.of(worker.pid()).map(p -> !p.isAlive()).orElse(true);
      boolean silent = worker.heartbeatAt().plus(options.lease()).isBefore(now());
      if (gone || silent) {
        dead.add(worker.id());
      }
    }
    store.recoverAbandoned(now(), dead);
    store.age(now(), options.aging());
    if (!now().isBefore(nextPrune)) {
      store.pruneEvents(now().minus(options.eventRetention()));
      nextPrune = now().plus(PRUNE_EVERY);
    }
  }

  /**
   * The duties that come before a claim: due schedules (when working on every run) and run
   * timeouts. Returns whether schedules started runs.
   */
  boolean beforeClaim(Long rootId, RunListener listener) {
    boolean fired =
        rootId == null
            && !now().isBefore(nextScheduleCheck)
            && !fireDueSchedules(listener).isEmpty();
    if (!now().isBefore(nextExpiryCheck)) {
      cancelExpiredRuns(rootId, listener);
    }
    return fired;
  }

  /** When schedules are next looked at. */
  Instant nextScheduleCheck() {
    return nextScheduleCheck;
  }

  /**
   * Starts a run of every schedule that is due and returns them. Each due time fires once across
   * all the workers of the store (the store's compare-and-set on the schedule's next time decides),
   * also after a restart; a schedule whose times passed while no worker ran fires once for all of
   * them, then keeps to its expression.
   */
  List<Long> fireDueSchedules(RunListener listener) {
    List<Long> started = new ArrayList<>();
    Instant now = now();
    Instant nextCheck = now.plus(options.poll());
    for (ScheduleRecord due : store.schedules()) {
      Instant at = due.nextFireAt();
      if (at == null || at.isAfter(now)) {
        nextCheck = at != null && at.isBefore(nextCheck) ? at : nextCheck;
        continue;
      }
      Instant next = due.schedule().next(now).orElse(null);
      Pipeline pipeline = Json.pipeline(due.pipelineJson());
      store
          .fireSchedule(
              due.name(),
              at,
              next,
              RunPlans.plan(pipeline).withTrace(options.tracing().newRun(null, null)),
              now)
          .ifPresent(run -> {
            started.add(run);
            listener.scheduled(due.name(), run);
          });
    }
    nextScheduleCheck = nextCheck;
    return started;
  }

  /**
   * Cancels the runs (this one, or any for {@code null}) that have run longer than their pipeline's
   * {@code run-timeout}; their always-run tasks still run. Looked at once per poll.
   */
  private void cancelExpiredRuns(Long rootId, RunListener listener) {
    nextExpiryCheck = now().plus(options.poll());
    for (TaskRecord run : store.timedOutRuns(now(), options.fallbacks().runTimeout())) {
      if (rootId != null && run.id() != rootId) {
        continue;
      }
      Duration limit =
          AttemptRunner.firstOf(
              runs.get(run.id()).pipeline().defaults().runTimeout(),
              options.fallbacks().runTimeout(),
              null);
      Instant since = run.roundStartedAt() != null ? run.roundStartedAt() : run.startedAt();
      if (limit != null && since != null && since.plus(limit).isBefore(now())) {
        String reason = "the run timed out after " + Durations.format(limit);
        for (StatusChange change : store.cancelRun(run.id(), now(), reason)) {
          listener.changed(change);
          runSpans.changed(change);
        }
      }
    }
  }

  private Instant now() {
    return options.clock().instant();
  }
}
