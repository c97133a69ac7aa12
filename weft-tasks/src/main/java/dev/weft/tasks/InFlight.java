package dev.weft.tasks;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The tasks an engine holds: its claims until their outcome is recorded, the threads running them,
 * and the outcomes waiting to be written. Task threads add outcomes and wake the dispatcher; the
 * dispatcher takes them, and is also woken by other processes' new work and by a drain.
 */
final class InFlight {

  private static final long SPIN_NANOS = 50_000;

  private final Map<Long, ClaimedTask> held = new ConcurrentHashMap<>();
  private final Map<Long, Thread> running = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final Semaphore wakeUps = new Semaphore(0);
  // The tasks the last claim started that have not ended, and a permit when none is left.
  private static final Set<Long> NONE_STARTED = Set.of();
  private volatile Set<Long> lastStarted = NONE_STARTED;
  private final Semaphore lastStartedEnded = new Semaphore(0);

  /** The dispatcher handed {@code task} to a thread. */
  void claimed(ClaimedTask task) {
    held.put(task.id(), task);
  }

  /**
   * The dispatcher is about to hand these tasks (one claim's) to threads: {@link #awaitLastStarted}
   * waits for their ends.
   */
  void starting(List<ClaimedTask> tasks) {
    if (tasks.isEmpty()) {
      lastStarted = NONE_STARTED; // an idle turn: nothing to wait for, nothing to allocate
      return;
    }
    lastStartedEnded.drainPermits();
    Set<Long> ids = ConcurrentHashMap.newKeySet(tasks.size());
    for (ClaimedTask task : tasks) {
      ids.add(task.id());
    }
    lastStarted = ids;
  }

  /** Called on the task's thread while it runs the task. */
  void running(long taskId) {
    running.put(taskId, Thread.currentThread());
  }

  /** Called on the task's thread when it has an outcome: queues it and wakes the dispatcher. */
  void ended(long taskId, Outcome outcome) {
    running.remove(taskId);
    outcomes.add(outcome);
    Set<Long> last = lastStarted;
    if (last != NONE_STARTED && last.remove(taskId) && last.isEmpty()) {
      lastStartedEnded.release();
    }
    wakeUps.release();
  }

  /** The outcomes queued since the last call. */
  List<Outcome> takeOutcomes() {
    List<Outcome> taken = new ArrayList<>();
    for (Outcome o = outcomes.poll(); o != null; o = outcomes.poll()) {
      taken.add(o);
    }
    return taken;
  }

  /** These outcomes are in the store: their claims are no longer held. */
  void written(List<Outcome> stored) {
    for (Outcome o : stored) {
      held.remove(o.claim().id());
    }
  }

  /** The claims held now. */
  List<ClaimedTask> held() {
    return new ArrayList<>(held.values());
  }

  /** The ids of the claims held now. */
  List<Long> heldIds() {
    return List.copyOf(held.keySet());
  }

  /** How many tasks are running on threads now. */
  int runningCount() {
    return running.size();
  }

  /** Interrupts the threads running these tasks, where they still run here. */
  void interrupt(Collection<Long> taskIds) {
    for (long id : taskIds) {
      Thread thread = running.get(id);
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /**
   * Waits up to {@code window} for the tasks of the last {@link #starting} still running to end, so
   * that short tasks claimed together have their outcomes written together.
   */
  void awaitLastStarted(Duration window) throws InterruptedException {
    if (!window.isZero() && !lastStarted.isEmpty()) {
      lastStartedEnded.tryAcquire(window.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Wakes the dispatcher from any thread. */
  void wakeUp() {
    wakeUps.release();
  }

  /**
   * Waits up to {@code millis} for a wake-up, spinning a few microseconds first: a short task often
   * ends within them, and parking and waking the dispatcher would cost a chain of such tasks more
   * than the task itself. Returns whether something woke it.
   */
  boolean await(long millis) throws InterruptedException {
    boolean woken = spin() || wakeUps.tryAcquire(millis, TimeUnit.MILLISECONDS);
    if (woken) {
      wakeUps.drainPermits();
    }
    return woken;
  }

  private boolean spin() {
    long deadline = System.nanoTime() + SPIN_NANOS;
    while (System.nanoTime() < deadline) {
      if (wakeUps.tryAcquire()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
