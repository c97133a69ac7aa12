package dev.weft.server.mcp;

import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;

/**
 * Weft as an MCP server: the tools of {@link McpTools}, the resources of {@link McpResources} and
 * the prompt of {@link McpPrompts} over a gateway to the server's methods, on one transport
 * (Streamable HTTP or stdio).
 */
final class WeftMcp implements AutoCloseable {

  /** How often a followed run is looked at. */
  static final Duration LOOK_EVERY = Duration.ofMillis(500);

  /** How often the newest runs are looked at for subscribers. */
  static final Duration WATCH_EVERY = Duration.ofSeconds(1);

  static final String INSTRUCTIONS =
      "Weft runs pipelines of tasks. validate_manifest checks a manifest; run_pipeline starts a"
          + " stored pipeline (list_pipelines) or an inline kind: tasks manifest and answers with"
          + " the run (its id); get_run, task_tree and task_logs follow it. Resources"
          + " weft://runs/{id}, weft://tasks/{id} and weft://pipelines/{name} can be read and"
          + " subscribed to.";

  private final McpSyncServer server;
  private final RpcGateway gateway;
  private ChangeWatcher watcher;
  private boolean closed;

  private WeftMcp(McpSyncServer server, RpcGateway gateway) {
    this.server = server;
    this.gateway = gateway;
  }

  /** Builds the server on {@code spec} (a transport's); {@link #watch} starts the subscriptions. */
  static WeftMcp build(
      McpServer.SyncSpecification<?> spec, RpcGateway gateway, Callers callers, String version) {
    McpTools tools = new McpTools(gateway, callers, new RunFollower(gateway, LOOK_EVERY));
    McpResources resources = new McpResources(gateway, callers);
    McpSyncServer server =
        spec.serverInfo("weft", version)
            .instructions(INSTRUCTIONS)
            .capabilities(
                McpSchema.ServerCapabilities.builder()
                    .tools(false)
                    .resources(true, false)
                    .prompts(false)
                    .logging()
                    .build())
            // the methods check their params themselves, with Weft's messages
            .validateToolInputs(false)
            .tools(tools.specifications())
            .resourceTemplates(resources.specifications())
            .prompts(McpPrompts.specifications())
            .build();
    return new WeftMcp(server, gateway);
  }

  /**
   * Starts looking for changes to tell subscribers of, once: when a client is there (a server that
   * no MCP client uses does not look).
   */
  synchronized void watch() {
    if (watcher == null && !closed) {
      watcher = ChangeWatcher.start(gateway, server, WATCH_EVERY);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (watcher != null) {
        watcher.close();
      }
    }
    server.closeGracefully();
  }
}
