package dev.weft.tasks;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  private final WorkQueue store;
  private final EngineOptions options;
  private final String workerId;
  private final InFlight inFlight;
  private final Reports reports;
  private final StoredRuns runs;
  private final RunSpans runSpans;
  private final Supervisor supervisor;
  private final AttemptRunner attempts;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Duration grace = TaskEngine.DEFAULT_GRACE;
  private volatile Instant drainDeadline; // set once draining: stop claiming, end by then
  // Used by the dispatching thread only.
  private int running; // claimed and not yet written
  // After a claim that got fewer tasks than it asked for, claiming again before anything ends
  // would find nothing: skip it (it is a transaction, and chains of short tasks feel each one).
  private boolean mayClaim;
  private final List<Outcome> unwritten = new ArrayList<>(); // taken, their write not yet done
  private Instant nextDueLookup = Instant.MIN;
  private Optional<Instant> nextDue = Optional.empty();

  Dispatcher(
      WorkQueue store,
      EngineOptions options,
      String workerId,
      InFlight inFlight,
      Reports reports,
      StoredRuns runs,
      RunSpans runSpans,
      Supervisor supervisor,
      AttemptRunner attempts) {
    this.store = store;
    this.options = options;
    this.workerId = workerId;
    this.inFlight = inFlight;
    this.reports = reports;
    this.runs = runs;
    this.runSpans = runSpans;
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
    running = 0;
    mayClaim = true;
    unwritten.clear();
    Duration backoff = null; // while the database is out of reach
    Instant lostAt = null;
    while (true) {
      try {
        boolean end = turn(rootId, listener, endsOn, idleStop);
        if (backoff != null) {
          listener.reconnected(Duration.between(lostAt, now()));
          backoff = null;
        }
        if (end) {
          return;
        }
      } catch (StoreException e) {
        if (!e.connectionLost()) {
          throw e;
        }
        // Ride it out: what was not written (outcomes, reports) is written when the database is
        // back. A transaction whose commit was cut off may have been applied: writing its outcomes
        // again is refused by their lease epochs, and claims it made that this worker never learnt
        // of are not kept alive by its heartbeats, so they expire and are taken over.
        if (backoff == null) {
          lostAt = now();
          backoff = FIRST_RETRY;
          listener.connectionLost(e.getMessage());
        } else {
          backoff =
              backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0
                  ? LAST_RETRY
                  : backoff.multipliedBy(2);
        }
        Thread.sleep(backoff);
      }
    }
  }

  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LAST_RETRY = Duration.ofSeconds(10);

  /**
   * One turn of the loop: duties, outcomes and reports written, tasks claimed and started, and a
   * wait when nothing happened. Returns whether the loop ends.
   */
  private boolean turn(
      Long rootId, RunListener listener, Predicate<StatusChange> endsOn, IntPredicate idleStop)
      throws InterruptedException {
    Supervisor.Turn turn = supervisor.beforeClaim(rootId, listener);
    if (turn.drainAsked()) {
      drain();
    }
    mayClaim |= turn.scheduledRuns();
    // Short tasks claimed together are written together: the next transaction waits a little for
    // those of the last claim still running, or a worker at full speed writes a few at a time.
    inFlight.awaitLastStarted(options.batchWindow());
    List<Outcome> taken = inFlight.takeOutcomes();
    unwritten.addAll(taken);
    reports.write();
    boolean wrote = !unwritten.isEmpty();
    mayClaim |= wrote;
    if (taken.stream().anyMatch(o -> o instanceof Outcome.Retry)) {
      nextDueLookup = Instant.MIN; // a retry falls due later: look for it before sleeping
    }
    int free = options.concurrency() - (running - unwritten.size());
    int want = mayClaim && drainDeadline == null ? free : 0;
    WorkQueue.Step step =
        store.finishAndClaim(
            unwritten,
            workerId,
            rootId,
            want,
            now(),
            now().plus(options.lease()),
            options.limits(),
            runs::has);
    runs.bring(step.pipelines());
    running -= unwritten.size();
    inFlight.written(unwritten);
    unwritten.clear();
    boolean ended = false;
    for (StatusChange change : step.changes()) {
      listener.changed(change);
      ended |= endsOn.test(change);
      if (change.runEnded()) {
        runs.forget(change.rootId());
        runSpans.changed(change);
      }
    }
    inFlight.starting(step.claimed());
    for (ClaimedTask task : step.claimed()) {
      inFlight.claimed(task);
      running++;
      listener.started(task);
      executor.submit(() -> attempts.execute(task, inFlight));
    }
    if (ended) {
      return true;
    }
    if (drainDeadline != null && (running == 0 || !now().isBefore(drainDeadline))) {
      releaseUnfinished(listener);
      return true;
    }
    mayClaim = want > 0 && step.claimed().size() == want;
    if (!wrote && step.claimed().isEmpty()) {
      // Not woken by a task's end: the run may have been cancelled elsewhere, the store idle.
      if (!awaitWork(rootId, running < options.concurrency()) && idleStop.test(running)) {
        return true;
      }
      mayClaim = true; // a retry may have fallen due
    }
    return false;
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
