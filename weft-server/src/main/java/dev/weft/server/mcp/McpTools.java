package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Weft's MCP tools, each a JSON-RPC method under a tool's name: the method's params are the input
 * schema, its result the output schema, and a call goes through the method as a JSON-RPC request
 * would (same scope, checks and errors). {@code run_pipeline} may also follow its run to the end.
 */
final class McpTools {

  /** The tools, in the order they are listed. */
  static final List<Tool> ALL =
      List.of(
          new Tool("validate_manifest", "Validate a manifest", "pipelines.validate", null, true),
          new Tool("list_pipelines", "List stored pipelines", "pipelines.list", "pipelines", true),
          new Tool("run_pipeline", "Run a pipeline", "runs.submit", null, false),
          new Tool("get_run", "Get a run", "runs.get", null, true),
          new Tool("list_runs", "List runs", "runs.list", null, true),
          new Tool("cancel_run", "Cancel a run", "runs.cancel", null, false),
          new Tool("retry_run", "Retry what failed in a run", "runs.retry", null, false),
          new Tool("get_task", "Get a task", "tasks.get", "task", true),
          new Tool("list_tasks", "List tasks", "tasks.list", "tasks", true),
          new Tool("task_tree", "A task's tree", "tasks.tree", null, true),
          new Tool("task_logs", "A task's logs", "tasks.logs", "lines", true),
          new Tool("copy_task", "Copy a task into a new run", "tasks.copy", null, false));

  private static final String WAIT = "wait_seconds";
  private static final int DEFAULT_WAIT = 300;

  private final RpcGateway gateway;
  private final Callers callers;
  private final RunFollower follower;

  McpTools(RpcGateway gateway, Callers callers, RunFollower follower) {
    this.gateway = gateway;
    this.callers = callers;
    this.follower = follower;
  }

  List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (Tool tool : ALL) {
      RpcGateway.Method method =
          gateway
              .method(tool.method())
              .orElseThrow(() -> new IllegalStateException("no method " + tool.method()));
      ObjectNode input = tool.input(method);
      if (tool.name().equals("run_pipeline")) {
        ((ObjectNode) input.get("properties"))
            .putObject(WAIT)
            .put("type", "integer")
            .put("minimum", 0)
            .put("maximum", 3600)
            .put(
                "description",
                "follow the run this long, sending progress notifications, and answer with it as"
                    + " it then is (default "
                    + DEFAULT_WAIT
                    + " when the request has a progress token, else 0: answer at once)");
      }
      McpSchema.Tool described =
          McpSchema.Tool.builder(tool.name(), McpJson.map(input))
              .title(tool.title())
              .description(method.summary() + " (the JSON-RPC method " + method.name() + ")")
              .outputSchema(McpJson.map(tool.output(method)))
              .annotations(
                  new McpSchema.ToolAnnotations(
                      tool.title(), tool.readOnly(), !tool.readOnly(), false, false, null))
              .build();
      specs.add(
          SyncToolSpecification.builder()
              .tool(described)
              .callHandler((exchange, request) -> call(tool, exchange, request))
              .build());
    }
    return specs;
  }

  private CallToolResult call(
      Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    RpcGateway.Identity who = callers.of(exchange);
    ObjectNode params = McpJson.tree(request.arguments());
    try {
      if (tool.name().equals("run_pipeline")) {
        return success(tool, run(params, who, exchange, request.progressToken()));
      }
      return success(tool, gateway.call(tool.method(), params, who));
    } catch (RpcGateway.Failure f) {
      return failure(f);
    }
  }

  private JsonNode run(
      ObjectNode params, RpcGateway.Identity who, McpSyncServerExchange exchange, Object token)
      throws RpcGateway.Failure {
    JsonNode wait = params.remove(WAIT);
    int seconds = wait != null && wait.canConvertToInt() ? wait.asInt() : -1;
    if (wait != null && (seconds < 0 || seconds > 3600)) {
      throw new RpcGateway.Failure(
          -32602,
          "Invalid params: " + WAIT + ": an integer from 0 to 3600",
          McpJson.MAPPER
              .createObjectNode()
              .put("field", WAIT)
              .put("reason", "an integer from 0 to 3600"));
    }
    if (seconds < 0) {
      seconds = token != null ? DEFAULT_WAIT : 0;
    }
    JsonNode run = gateway.call("runs.submit", params, who);
    if (seconds == 0) {
      return run;
    }
    return follower.follow(run, who, exchange, token, Duration.ofSeconds(seconds));
  }

  private static CallToolResult success(Tool tool, JsonNode result) {
    ObjectNode structured = tool.structured(result);
    return CallToolResult.builder()
        .structuredContent(McpJson.map(structured))
        .addTextContent(McpJson.text(structured))
        .build();
  }

  /** A tool error the model can read: the method's message, and its data when there is some. */
  static CallToolResult failure(RpcGateway.Failure f) {
    StringBuilder text = new StringBuilder(f.getMessage());
    if (f.data() != null && !f.data().isEmpty()) {
      text.append("\n").append(McpJson.text(f.data()));
    }
    return CallToolResult.builder().isError(true).addTextContent(text.toString()).build();
  }
}
