package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the newest runs and their tasks every so often and tells subscribers of {@code
 * weft://runs/{id}} and {@code weft://tasks/{id}} when one's status has changed (the SDK sends the
 * update to the sessions subscribed to that uri only).
 */
final class ChangeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  /** How many of the newest runs are watched. */
  static final int RUNS = 100;

  private final RpcGateway gateway;
  private final Consumer<String> changed;
  private final Duration every;
  private Map<String, Seen> seen;
  private final Thread thread;

  private ChangeWatcher(RpcGateway gateway, Consumer<String> changed, Duration every) {
    this.gateway = gateway;
    this.changed = changed;
    this.every = every;
    this.thread = Thread.ofVirtual().name("weft-mcp-changes").unstarted(this::watch);
  }

  /** Watches until closed, telling {@code server}'s subscribers of each change. */
  static ChangeWatcher start(RpcGateway gateway, McpSyncServer server, Duration every) {
    ChangeWatcher w =
        new ChangeWatcher(
            gateway,
            uri -> server.notifyResourcesUpdated(new ResourcesUpdatedNotification(uri)),
            every);
    w.thread.start();
    return w;
  }

  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        look();
      } catch (RpcGateway.Failure | RuntimeException e) {
        LOG.debug("could not look for changes: {}", e.getMessage());
      }
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** A run's status as last seen, and its tasks' by uri. */
  private record Seen(String state, Map<String, String> tasks) {}

  /**
   * One look: what changed since the last one is announced, and runs (with their tasks) not seen
   * before; nothing on the first look.
   */
  void look() throws RpcGateway.Failure {
    boolean first = seen == null;
    RpcGateway.Identity local = RpcGateway.local();
    JsonNode page =
        gateway.call("runs.list", McpJson.MAPPER.createObjectNode().put("limit", RUNS), local);
    Map<String, Seen> now = new HashMap<>();
    for (JsonNode run : page.path("runs")) {
      String uri = McpResources.RUNS + run.path("id").asText();
      String state = run.path("status").asText() + "|" + run.path("finished_at").asText();
      Seen before = first ? null : seen.get(uri);
      // a run new since the last look is told of too: it may have changed since it was made
      boolean fresh = !first && before == null;
      if (fresh || (before != null && !state.equals(before.state()))) {
        changed.accept(uri);
      }
      if (before != null && state.equals(before.state()) && run.path("finished_at").isTextual()) {
        now.put(uri, before); // ended and unchanged: its tasks are as they were
        continue;
      }
      JsonNode full =
          gateway.call(
              "runs.get", McpJson.MAPPER.createObjectNode().set("run_id", run.get("id")), local);
      Map<String, String> tasks = new HashMap<>();
      for (JsonNode task : full.path("tasks")) {
        String taskUri = McpResources.TASKS + task.path("id").asText();
        String taskState = task.path("status").asText() + "|" + task.path("attempts").asText();
        tasks.put(taskUri, taskState);
        if (fresh || (before != null && !taskState.equals(before.tasks().get(taskUri)))) {
          changed.accept(taskUri);
        }
      }
      now.put(uri, new Seen(state, tasks));
    }
    seen = now;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
