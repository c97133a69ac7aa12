package dev.weft.server;

import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Follows the store's event log for a stream: reads the events of a query as they are written,
 * waking on {@link EventFeed} rather than polling the store, and asks for a heartbeat when nothing
 * went out for a while. {@code GET /events}, {@code tasks.execute} streams, the A2A streams and
 * MCP's change and progress notifications all follow the log this way.
 */
public final class EventTail {

  /** Events read from the store at a time. */
  static final int PAGE = 500;

  /** Where a stream's events go. */
  public interface Sink {
    /** Sends one event; returns whether the stream goes on. */
    boolean event(Event e) throws IOException;

    /** Sends a heartbeat: nothing else went out for a while. */
    void heartbeat() throws IOException;
  }

  private final TaskStore store;
  private final EventFeed feed;
  private final Duration heartbeat;

  /**
   * @param idleTimeout the server's idle timeout: heartbeats go out at half of it, 15 s at most
   */
  EventTail(TaskStore store, EventFeed feed, Duration idleTimeout) {
    this.store = store;
    this.feed = feed;
    Duration half = idleTimeout.dividedBy(2);
    this.heartbeat = half.compareTo(Duration.ofSeconds(15)) < 0 ? half : Duration.ofSeconds(15);
  }

  /** The newest event id in the log: a stream that starts after it misses nothing later. */
  public long lastEventId() {
    return store.lastEventId();
  }

  /** The newest event id the server has seen: what {@link #awaitAfter} waits to pass. */
  public long seen() {
    return feed.latest();
  }

  /**
   * Waits until the log holds an event newer than {@code seen}, at most {@code max}: a caller that
   * reads the state after {@link #seen} reads it again only when something changed. Returns whether
   * such an event came (false also when the server stops).
   */
  public boolean awaitAfter(long seen, Duration max) throws InterruptedException {
    return feed.awaitAfter(seen, max);
  }

  /**
   * What {@link #next} read: the events, in order, and the place in the log to read on from.
   *
   * @param events the events read, none when the time was up first
   * @param position the id to pass to the next call
   */
  public record Batch(List<Event> events, long position) {}

  /**
   * The events after {@code afterId} of this run (or of all runs, when {@code runId} is null) and
   * of this user's runs (or everyone's, when null), waiting at most {@code max} for the first of
   * them. The store is read only when the log has grown past what was read: a wait during which
   * nothing is written reads nothing. None when the time is up or the server stops.
   */
  public Batch next(long afterId, Long runId, String user, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long position = afterId;
    while (!feed.closed()) {
      long seen = feed.latest(); // before reading: every event up to it is visible to the read
      if (seen > position) {
        List<Event> page = store.events(new Event.Query(position, runId, user, PAGE));
        if (!page.isEmpty()) {
          long last = page.getLast().id();
          // a full page may have more after it; a short one has all of this query up to seen
          return new Batch(page, page.size() == PAGE ? last : Math.max(last, seen));
        }
        position = seen; // nothing of this query up to there
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !feed.awaitAfter(position, Duration.ofNanos(left))) {
        break;
      }
    }
    return new Batch(List.of(), position);
  }

  /**
   * Sends the events after {@code afterId} of this run (or of all runs, when {@code runId} is null)
   * and of this user's runs (or everyone's, when null), in order, as they come, until the sink says
   * stop or the server stops.
   */
  public void follow(long afterId, Long runId, String user, Sink sink)
      throws IOException, InterruptedException {
    long position = afterId;
    long lastWrite = System.nanoTime();
    while (!feed.closed()) {
      Duration quiet = Duration.ofNanos(System.nanoTime() - lastWrite);
      Batch batch = next(position, runId, user, heartbeat.minus(quiet));
      position = batch.position();
      for (Event e : batch.events()) {
        if (!sink.event(e)) {
          return;
        }
      }
      if (batch.events().isEmpty()) {
        if (feed.closed()) {
          return;
        }
        sink.heartbeat(); // nothing went out for a heartbeat's time
      }
      lastWrite = System.nanoTime();
    }
  }
}
