package dev.weft.server;

import dev.weft.tasks.store.TaskStore;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the server's event streams when the store's log has grown: one thread looks at the newest
 * event id every {@link #POLL}, whoever wrote it (this process, other workers, other servers), and
 * wakes the streams waiting for more, so each stream reads the store only when there is something
 * new.
 */
final class EventFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  /** How often the newest id is looked at. */
  static final Duration POLL = Duration.ofMillis(100);

  private final TaskStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grown = lock.newCondition();
  private final Thread poller;
  private volatile long latest;
  private volatile boolean closed;

  EventFeed(TaskStore store) {
    this.store = store;
    this.poller = Thread.ofPlatform().daemon().name("weft-event-feed").start(this::poll);
  }

  /** The newest event id seen. */
  long latest() {
    return latest;
  }

  /** Whether the server is stopping: streams end. */
  boolean closed() {
    return closed;
  }

  /**
   * Waits until an event newer than {@code seen} is in the log, at most {@code max}. Returns
   * whether one is (false also when the feed closed).
   */
  boolean awaitAfter(long seen, Duration max) throws InterruptedException {
    long nanos = max.toNanos();
    lock.lock();
    try {
      while (latest <= seen && !closed && nanos > 0) {
        nanos = grown.awaitNanos(nanos);
      }
      return latest > seen && !closed;
    } finally {
      lock.unlock();
    }
  }

  private void poll() {
    while (!closed) {
      try {
        long newest = store.lastEventId();
        if (newest != latest) {
          signal(newest);
        }
      } catch (RuntimeException e) {
        LOG.warn("reading the event log failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(POLL); // a poll interval, not a wait for something this thread could await
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void signal(long newest) {
    lock.lock();
    try {
      latest = newest;
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the poller and wakes every waiting stream, which then ends. */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    lock.lock();
    try {
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
