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

  /** How often a followed run, and the runs subscribed to, are looked at. */
  static final Duration LOOK_EVERY = Duration.ofMillis(500);

  static final String INSTRUCTIONS =
      "Weft runs pipelines of tasks. validate_manifest checks a manifest; run_pipeline starts a"
          + " stored pipeline (list_pipelines) or an inline kind: tasks manifest and answers with"
          + " the run (its id); get_run, task_tree and task_logs follow it. Resources"
          + " weft://runs/{id}, weft://tasks/{id} and weft://pipelines/{name} can be read and"
          + " subscribed to.";

  private final McpSyncServer server;
  private final ChangeWatcher watcher;

  private WeftMcp(McpSyncServer server, ChangeWatcher watcher) {
    this.server = server;
    this.watcher = watcher;
  }

  /** Builds the server on {@code spec} (a transport's) and starts watching for changes. */
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
    return new WeftMcp(server, ChangeWatcher.start(gateway, server, LOOK_EVERY));
  }

  @Override
  public void close() {
    watcher.close();
    server.closeGracefully();
  }
}
