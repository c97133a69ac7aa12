package dev.weft.server.mcp;

import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
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
   * @param version the server's version, as MCP's serverInfo says it
   */
  public static void serve(RpcGateway gateway, InputStream in, OutputStream out, String version)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            return ended(super.read());
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
          }

          private int ended(int n) {
            if (n < 0) {
              ended.countDown();
            }
            return n;
          }
        };
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(McpJsonDefaults.getMapper(), watched, out);
    WeftMcp mcp = WeftMcp.build(McpServer.sync(transport), gateway, Callers.local(), version);
    try {
      ended.await();
    } finally {
      mcp.close();
    }
  }
}
