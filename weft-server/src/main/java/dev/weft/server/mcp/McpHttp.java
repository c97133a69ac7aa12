package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * MCP over Streamable HTTP at {@code /mcp}: a servlet that authenticates each request as {@code
 * POST /rpc} does (HTTP 401 without a valid token when auth is on) and hands it to the SDK's
 * transport, so each tool call runs with the scopes of the token that made it.
 */
public final class McpHttp extends HttpServlet implements AutoCloseable {

  private static final long serialVersionUID = 1L;

  /** Where it is served. */
  public static final String PATH = "/mcp";

  private final transient RpcGateway gateway;
  private final transient HttpServletStreamableServerTransportProvider transport;
  private final transient WeftMcp mcp;

  /**
   * The servlet over {@code gateway}'s methods.
   *
   * @param maxBody the largest request body taken, in bytes
   * @param version the server's version, as MCP's serverInfo says it
   * @param conformance whether to serve the MCP conformance suite's fixtures too (docs/mcp.md)
   */
  public McpHttp(RpcGateway gateway, long maxBody, String version, boolean conformance) {
    this.gateway = gateway;
    this.transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint(PATH)
            .maxRequestSize((int) Math.min(Integer.MAX_VALUE, maxBody))
            .contextExtractor(request ->
                McpTransportContext.create(Map.of(Callers.KEY, request.getAttribute(Callers.KEY))))
            .build();
    this.mcp =
        WeftMcp.build(
            McpServer.sync(transport), gateway, Callers.fromRequests(), version, conformance);
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    transport.init(config);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String foreign = Rebinding.foreignName(request);
    if (foreign != null) {
      refuse(
          response,
          403,
          -32003,
          "Forbidden: "
              + foreign
              + " is not a loopback name; a request that reaches the loopback address must"
              + " name it (localhost, 127.0.0.1 or [::1]) in Host and Origin");
      return;
    }
    RpcGateway.Identity who;
    try {
      who = gateway.authenticate(request.getHeader("Authorization"));
    } catch (RpcGateway.Unauthorized e) {
      response.setHeader("WWW-Authenticate", "Bearer");
      refuse(response, 401, -32001, "Unauthorized: " + e.getMessage());
      return;
    }
    request.setAttribute(Callers.KEY, who);
    mcp.watch();
    transport.service(request, response);
  }

  private static void refuse(HttpServletResponse response, int status, int code, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    ObjectNode body = McpJson.MAPPER.createObjectNode().put("jsonrpc", "2.0").putNull("id");
    body.putObject("error").put("code", code).put("message", message);
    response.getOutputStream().write(McpJson.text(body).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    mcp.close();
    transport.destroy();
  }
}
