package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.RpcGateway;
import dev.weft.tasks.TaskStatus;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a run until it ends (or a time is up), telling the client how many of its tasks have
 * ended each time that changes, when the request carried a progress token.
 */
final class RunFollower {

  private final RpcGateway gateway;
  private final Duration every;

  /**
   * @param every how often to look at the run
   */
  RunFollower(RpcGateway gateway, Duration every) {
    this.gateway = gateway;
    this.every = every;
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
    String last = null;
    JsonNode view = run;
    while (true) {
      int total = view.path("tasks").size();
      int ended = 0;
      for (JsonNode task : view.path("tasks")) {
        if (status(task).ended()) {
          ended++;
        }
      }
      String status = view.path("status").asText();
      String message = ended + " of " + total + " tasks ended; the run is " + status;
      if (token != null && !message.equals(last)) {
        exchange.progressNotification(
            new ProgressNotification(token, (double) ended, (double) total, message, null));
        last = message;
      }
      if (status(view).ended() || System.nanoTime() >= deadline) {
        return view;
      }
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return view;
      }
      view =
          gateway.call(
              "runs.get", McpJson.MAPPER.createObjectNode().set("run_id", run.get("id")), who);
    }
  }

  private static TaskStatus status(JsonNode runOrTask) {
    return TaskStatus.valueOf(
        runOrTask.path("status").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
