package dev.weft.server.mcp;

import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Weft as an MCP server: the tools of {@link McpTools}, the resources of {@link McpResources} and
 * the prompt of {@link McpPrompts} over a gateway to the server's methods, on one transport
 * (Streamable HTTP or stdio); with the conformance profile, the suite's {@link ConformanceFixtures}
 * beside them.
 */
final class WeftMcp implements AutoCloseable {

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

  /**
   * Builds the server on {@code spec} (a transport's); {@link #watch} starts the subscriptions.
   *
   * @param conformance whether to serve the conformance suite's fixtures too
   */
  static WeftMcp build(
      McpServer.SyncSpecification<?> spec,
      RpcGateway gateway,
      Callers callers,
      String version,
      boolean conformance) {
    McpTools tools = new McpTools(gateway, callers, new RunFollower(gateway));
    McpResources resources = new McpResources(gateway, callers);
    McpSchema.ServerCapabilities.Builder capabilities =
        McpSchema.ServerCapabilities.builder()
            .tools(false)
            .resources(true, false)
            .prompts(false)
            .logging();
    spec.serverInfo("weft", version)
        .instructions(INSTRUCTIONS)
        // the methods check their params themselves, with Weft's messages
        .validateToolInputs(false)
        .tools(tools.specifications())
        .resourceTemplates(resources.specifications())
        .prompts(McpPrompts.specifications());
    if (conformance) {
      ConformanceFixtures.addTo(spec);
      capabilities.completions();
    }
    McpSyncServer server = spec.capabilities(capabilities.build()).build();
    return new WeftMcp(server, gateway);
  }

  /**
   * Starts following the event log for changes to tell subscribers of, once: when a client is there
   * (a server that no MCP client uses does not follow it).
   */
  synchronized void watch() {
    if (watcher == null && !closed) {
      watcher = ChangeWatcher.start(gateway.events(), server);
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
