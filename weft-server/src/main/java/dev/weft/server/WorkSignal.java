package dev.weft.server;

import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.TaskStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What remote workers long-poll on ({@code worker.await}): a count that grows each time tasks may
 * have become claimable anywhere in the store. It grows on the store's new-work notices
 * (PostgreSQL) and on every event of the log that can make tasks ready: a run created, started or
 * retried, a task ended (its dependents are released in the same transaction). Progress and a task
 * starting do not count, so busy runs do not wake idle workers for nothing.
 */
final class WorkSignal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkSignal.class);

  private final TaskStore store;
  private final EventFeed feed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grown = lock.newCondition();
  private final Thread reader;
  private final AutoCloseable notices;
  private long generation;
  private volatile boolean closed;

  WorkSignal(TaskStore store, EventFeed feed) {
    this.store = store;
    this.feed = feed;
    this.notices = store.onNewWork(this::bump);
    this.reader = Thread.ofPlatform().daemon().name("weft-work-signal").start(this::read);
  }

  /** The count now. */
  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the server is stopping: waits end at once. */
  boolean closed() {
    return closed;
  }

  /** Waits until the count is past {@code seen}, at most {@code max}; returns the count. */
  long awaitAfter(long seen, Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (generation <= seen && !closed && nanos > 0) {
        nanos = grown.awaitNanos(nanos);
      }
      return generation;
    } finally {
      lock.unlock();
    }
  }

  private void bump() {
    lock.lock();
    try {
      generation++;
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void read() {
    long seen = store.lastEventId();
    while (!closed) {
      try {
        if (!feed.awaitAfter(seen, Duration.ofSeconds(1))) {
          continue;
        }
        List<Event> events = store.events(new Event.Query(seen, null, null, 500));
        if (events.stream().anyMatch(WorkSignal::mayRelease)) {
          bump();
        }
        if (!events.isEmpty()) {
          seen = events.getLast().id();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("reading the event log for remote workers failed: {}", e.getMessage());
        bump(); // a worker that looks once too often loses nothing
        pause();
      }
    }
  }

  private static boolean mayRelease(Event e) {
    return e.kind() == Event.Kind.RUN
        || e.kind() == Event.Kind.TASK && e.status() != null && e.status().ended();
  }

  private void pause() {
    try {
      Thread.sleep(1_000); // the store is out of reach: look again in a second
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  /** Stops reading and wakes every waiting call, which answers at once. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      notices.close();
    } catch (Exception e) {
      // nothing listens any more either way
    }
    lock.lock();
    try {
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
