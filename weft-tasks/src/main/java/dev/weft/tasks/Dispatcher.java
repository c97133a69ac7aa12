package dev.weft.tasks;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The dispatch loop: one thread that talks to the store. Each turn it writes the outcomes and
 * reports of ended tasks, claims ready tasks up to the free slots in the same transaction, hands
 * them to virtual threads, and waits for a task's end, a wake-up or the next duty.
 */
final class Dispatcher implements AutoCloseable {

  private final TaskStore store;
  private final EngineOptions options;
  private final String workerId;
  private final InFlight inFlight;
  private final Reports reports;
  private final StoredRuns runs;
  private final Supervisor supervisor;
  private final AttemptRunner attempts;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Duration grace = TaskEngine.DEFAULT_GRACE;
  private volatile Instant drainDeadline; // set once draining: stop claiming, end by then
  // Used by the dispatching thread only.
  private Instant nextDueLookup = Instant.MIN;
  private Optional<Instant> nextDue = Optional.empty();

  Dispatcher(
      TaskStore store,
      EngineOptions options,
      String workerId,
      InFlight inFlight,
      Reports reports,
      StoredRuns runs,
      Supervisor supervisor,
      AttemptRunner attempts) {
    this.store = store;
    this.options = options;
    this.workerId = workerId;
    this.inFlight = inFlight;
    this.reports = reports;
    this.runs = runs;
    this.supervisor = supervisor;
    this.attempts = attempts;
  }

  /** How long a drain waits for running tasks. */
  void grace(Duration period) {
    this.grace = period;
  }

  /** Stops claiming; the loop ends when the running tasks have, or at the grace deadline. */
  void drain() {
    if (drainDeadline == null) {
      drainDeadline = now().plus(grace);
      inFlight.wakeUp();
    }
  }

  /**
   * Records outcomes, claims and hands out tasks (of run {@code rootId}, or of any run), and waits.
   * Ends when a status change satisfies {@code endsOn}, or when {@code idleStop} holds (told the
   * tasks in flight) after a wait that no task's end cut short.
   */
  void loop(
      Long rootId, RunListener listener, Predicate<StatusChange> endsOn, IntPredicate idleStop)
      throws InterruptedException {
    // Another process's new run or released tasks wake the dispatcher, instead of the next poll.
    AutoCloseable listening = store.onNewWork(inFlight::wakeUp);
    try {
      dispatch(rootId, listener, endsOn, idleStop);
    } finally {
      try {
        listening.close();
      } catch (Exception e) {
        // nothing listens any more either way
      }
    }
  }

  private void dispatch(
      Long rootId, RunListener listener, Predicate<StatusChange> endsOn, IntPredicate idleStop)
      throws InterruptedException {
    int running = 0;
    // After a claim that got fewer tasks than it asked for, claiming again before anything ends
    // would find nothing: skip it (it is a transaction, and chains of short tasks feel each one).
    boolean mayClaim = true;
    while (true) {
      Supervisor.Turn turn = supervisor.beforeClaim(rootId, listener);
      if (turn.drainAsked()) {
        drain();
      }
      mayClaim |= turn.scheduledRuns();
      List<Outcome> finished = inFlight.takeOutcomes();
      reports.write();
      running -= finished.size();
      mayClaim |= !finished.isEmpty();
      if (finished.stream().anyMatch(o -> o instanceof Outcome.Retry)) {
        nextDueLookup = Instant.MIN; // a retry falls due later: look for it before sleeping
      }
      int want = mayClaim && drainDeadline == null ? options.concurrency() - running : 0;
      TaskStore.Step step =
          store.finishAndClaim(
              finished,
              workerId,
              rootId,
              want,
              now(),
              now().plus(options.lease()),
              options.limits());
      boolean ended = false;
      for (StatusChange change : step.changes()) {
        listener.changed(change);
        ended |= endsOn.test(change);
        if (change.runEnded()) {
          runs.forget(change.rootId());
        }
      }
      for (ClaimedTask task : step.claimed()) {
        inFlight.claimed(task);
        running++;
        listener.started(task);
        executor.submit(() -> attempts.execute(task, inFlight));
      }
      if (ended) {
        return;
      }
      if (drainDeadline != null && (running == 0 || !now().isBefore(drainDeadline))) {
        releaseUnfinished(listener);
        return;
      }
      mayClaim = want > 0 && step.claimed().size() == want;
      if (finished.isEmpty() && step.claimed().isEmpty()) {
        // Not woken by a task's end: the run may have been cancelled elsewhere, the store idle.
        if (!awaitWork(rootId, running < options.concurrency()) && idleStop.test(running)) {
          return;
        }
        mayClaim = true; // a retry may have fallen due
      }
    }
  }

  /**
   * The end of a drain: tasks still running are put back as not started, for other workers, and
   * their threads interrupted (what they report after that is refused: their claim was released).
   */
  private void releaseUnfinished(RunListener listener) {
    List<ClaimedTask> unfinished = inFlight.held();
    int released = store.release(unfinished);
    listener.drained(released);
    inFlight.interrupt(unfinished.stream().map(ClaimedTask::id).toList());
  }

  /**
   * Sleeps until a task ends, a retry falls due (looked for only when a slot is free), a duty is
   * due, or the poll interval passes. Returns whether something woke it.
   */
  private boolean awaitWork(Long rootId, boolean slotFree) throws InterruptedException {
    Instant until = now().plus(options.poll());
    if (slotFree && !now().isBefore(nextDueLookup)) {
      // A read per wait would cost chains of short tasks one more transaction each: look once
      // per poll interval, and after recording a retry of our own.
      nextDue = store.nextDue(rootId);
      nextDueLookup = now().plus(options.poll());
    }
    Optional<Instant> token = store.nextRateToken();
    if (slotFree && token.isPresent() && token.get().isBefore(until)) {
      until = token.get();
    }
    Optional<Instant> due = slotFree ? nextDue : Optional.empty();
    if (due.isPresent() && !due.get().isAfter(now())) {
      nextDueLookup = Instant.MIN; // falling due now: the next wait needs a fresh look
    }
    if (due.isPresent() && due.get().isBefore(until)) {
      until = due.get();
    }
    Instant duty = supervisor.nextDuty(rootId);
    if (duty.isBefore(until)) {
      until = duty;
    }
    Instant deadline = drainDeadline;
    if (deadline != null && deadline.isBefore(until)) {
      until = deadline;
    }
    supervisor.stopCancelledTasks();
    return inFlight.await(Math.max(1, Duration.between(now(), until).toMillis()));
  }

  private Instant now() {
    return options.clock().instant();
  }

  /** Stops the task threads; their unfinished attempts are taken over by the next engine. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
