package dev.weft.server.mcp;

import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;

/** Who makes an MCP request: the local user (stdio), or the token the HTTP request carried. */
@FunctionalInterface
interface Callers {

  /** The key of the caller in an HTTP request's attributes and its transport context. */
  String KEY = "weft.caller";

  RpcGateway.Identity of(McpTransportContext context);

  default RpcGateway.Identity of(McpSyncServerExchange exchange) {
    return of(exchange.transportContext());
  }

  /** Everyone is the local user: stdio, started by that user. */
  static Callers local() {
    RpcGateway.Identity local = RpcGateway.local();
    return context -> local;
  }

  /** The caller the HTTP request was authenticated as; none is a bug, never the local user. */
  static Callers fromRequests() {
    return context -> {
      if (context != null && context.get(KEY) instanceof RpcGateway.Identity who) {
        return who;
      }
      throw new IllegalStateException("an MCP request reached the server without its caller");
    };
  }
}
