package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.EventTail;
import dev.weft.server.RpcGateway;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.Event;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Follows a run until it ends (or a time is up) on the store's event log, telling the client how
 * many of its tasks have ended each time a task ends, when the request carried a progress token. It
 * starts from the run as it was made (the submit's answer) and takes the run's events in the order
 * they were written, from its first: so the counts only move as the tasks did, however quickly they
 * end. The run is read again only when a task it did not have appears, and once at the end; nothing
 * is read while nothing is written.
 */
final class RunFollower {

  private final RpcGateway gateway;

  RunFollower(RpcGateway gateway) {
    this.gateway = gateway;
  }

  /** The run as it is when it ended, or when {@code max} is up. */
  JsonNode follow(
      JsonNode run,
      RpcGateway.Identity who,
      McpSyncServerExchange exchange,
      Object token,
      Duration max)
      throws RpcGateway.Failure {
    long deadline = System.nanoTime() + max.toNanos();
    long runId = run.get("id").asLong();
    EventTail log = gateway.events();
    long position = 0; // every event of the run: it was made as submitted, then they changed it
    Progress progress = new Progress(exchange, token);
    Set<Long> unknown = new HashSet<>();
    progress.start(run);
    try {
      while (!progress.runEnded()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        EventTail.Batch batch = log.next(position, runId, null, Duration.ofNanos(left));
        position = batch.position();
        for (Event e : batch.events()) {
          if (e.kind() == Event.Kind.TASK
              && !progress.knows(e.taskId())
              && unknown.add(e.taskId())) {
            progress.add(get(run, who)); // a task made since: count it
          }
          progress.apply(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    JsonNode last = get(run, who);
    progress.end(last);
    return last;
  }

  private JsonNode get(JsonNode run, RpcGateway.Identity who) throws RpcGateway.Failure {
    return gateway.call(
        "runs.get", McpJson.MAPPER.createObjectNode().set("run_id", run.get("id")), who);
  }

  /** Which of a run's tasks have ended, and a notification each time that or the run changes. */
  private static final class Progress {
    private final McpSyncServerExchange exchange;
    private final Object token;
    private final Map<Long, Boolean> ended = new HashMap<>();
    private TaskStatus run = TaskStatus.PENDING;
    private String last;

    Progress(McpSyncServerExchange exchange, Object token) {
      this.exchange = exchange;
      this.token = token;
    }

    boolean knows(long taskId) {
      return ended.containsKey(taskId);
    }

    boolean runEnded() {
      return run.ended();
    }

    /** Starts from the run as it was made (runs.submit's answer). */
    void start(JsonNode made) {
      take(made);
      report();
    }

    /**
     * Adds the tasks of a view that it did not have, as not ended: their events, which come in
     * order, say how they went.
     */
    void add(JsonNode view) {
      for (JsonNode task : view.path("tasks")) {
        ended.putIfAbsent(task.path("id").asLong(), false);
      }
    }

    /** Ends with the run as it last is (runs.get's answer). */
    void end(JsonNode view) {
      take(view);
      report();
    }

    private void take(JsonNode view) {
      for (JsonNode task : view.path("tasks")) {
        ended.put(task.path("id").asLong(), status(task).ended());
      }
      run = status(view);
    }

    /** Takes one event of the run. */
    void apply(Event e) {
      switch (e.kind()) {
        case RUN -> run = e.status();
        case TASK -> {
          if (!knows(e.taskId())) {
            return; // not one of the run's tasks as runs.get lists them
          }
          ended.put(e.taskId(), e.status().ended());
        }
        case PROGRESS -> {
          return; // how far a running task got: no task ended
        }
      }
      report();
    }

    private void report() {
      long done = ended.values().stream().filter(b -> b).count();
      String message = done + " of " + ended.size() + " tasks ended; the run is " + run.display();
      if (token != null && !message.equals(last)) {
        exchange.progressNotification(
            new ProgressNotification(token, (double) done, (double) ended.size(), message, null));
        last = message;
      }
    }

    private static TaskStatus status(JsonNode runOrTask) {
      return TaskStatus.valueOf(
          runOrTask.path("status").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
