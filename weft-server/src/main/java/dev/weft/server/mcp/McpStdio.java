package dev.weft.server.mcp;

import dev.weft.server.RpcGateway;
import dev.weft.server.WeftServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * MCP over stdio: newline-delimited JSON-RPC on the given streams, every request made as the local
 * user. Nothing else may write to {@code out}: logging goes to stderr.
 */
public final class McpStdio {

  private McpStdio() {}

  /**
   * Serves until {@code in} ends (the client closed it) or the thread is interrupted.
   *
   * @param conformance whether to serve the MCP conformance suite's fixtures too (docs/mcp.md)
   */
  public static void serve(
      RpcGateway gateway, boolean conformance, InputStream in, OutputStream out)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    LineOutput lines = new LineOutput(out);
    InputStream guarded = new GuardedInput(in, lines, ended);
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(McpJsonDefaults.getMapper(), guarded, lines);
    WeftMcp mcp =
        WeftMcp.build(
            McpServer.sync(transport), gateway, Callers.local(), WeftServer.version(), conformance);
    mcp.watch(); // a client started this process: it is there
    try {
      ended.await();
    } finally {
      mcp.close();
    }
  }
}
