package dev.weft.server.mcp;

import dev.weft.server.EventTail;
import dev.weft.tasks.store.Event;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the store's event log and tells subscribers of {@code weft://runs/{id}} and {@code
 * weft://tasks/{id}} of each change as it is written, by this process or any other on the store
 * (the SDK sends the update to the sessions subscribed to that uri only). Nothing is read while
 * nothing is written.
 */
final class ChangeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  /** How long to wait before following the log again when reading it failed. */
  static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private final EventTail log;
  private final Consumer<String> changed;
  private final Thread thread;
  private long position;

  private ChangeWatcher(EventTail log, Consumer<String> changed) {
    this.log = log;
    this.changed = changed;
    this.position = log.lastEventId(); // what is written from now on
    this.thread = Thread.ofVirtual().name("weft-mcp-changes").unstarted(this::watch);
  }

  /** Watches until closed, telling {@code server}'s subscribers of each change. */
  static ChangeWatcher start(EventTail log, McpSyncServer server) {
    ChangeWatcher w =
        new ChangeWatcher(
            log, uri -> server.notifyResourcesUpdated(new ResourcesUpdatedNotification(uri)));
    w.thread.start();
    return w;
  }

  /**
   * The resources an event changes: a run's status is its own; a task's status is the task's and
   * its run's (which lists its tasks); a task's progress is the task's.
   */
  static List<String> changedBy(Event e) {
    String run = McpResources.RUNS + e.runId();
    String task = McpResources.TASKS + e.taskId();
    return switch (e.kind()) {
      case RUN -> List.of(run);
      case TASK -> List.of(task, run);
      case PROGRESS -> List.of(task);
    };
  }

  private void watch() {
    EventTail.Sink tell =
        new EventTail.Sink() {
          @Override
          public boolean event(Event e) {
            changedBy(e).forEach(changed);
            position = e.id();
            return true;
          }

          @Override
          public void heartbeat() {
            // nobody to keep awake: notifications go out on the sessions' own streams
          }
        };
    while (!Thread.currentThread().isInterrupted()) {
      try {
        log.follow(position, null, null, tell);
        return; // the server stops
      } catch (InterruptedException e) {
        return;
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("following the event log for MCP subscribers failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(AFTER_FAILURE); // a pause before trying again, not a wait for an event
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
