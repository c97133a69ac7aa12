package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.RpcGateway;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weft's MCP resources: {@code weft://runs/{id}}, {@code weft://tasks/{id}} (JSON, as get_run and
 * get_task answer) and {@code weft://pipelines/{name}} (the stored manifest's text).
 */
final class McpResources {

  static final String RUNS = "weft://runs/";
  static final String TASKS = "weft://tasks/";
  static final String PIPELINES = "weft://pipelines/";

  private static final Pattern URI = Pattern.compile("weft://(runs|tasks|pipelines)/(.+)");

  private final RpcGateway gateway;
  private final Callers callers;

  McpResources(RpcGateway gateway, Callers callers) {
    this.gateway = gateway;
    this.callers = callers;
  }

  List<SyncResourceTemplateSpecification> specifications() {
    return List.of(
        template(RUNS + "{id}", "run", "A run: its status and its tasks", "application/json"),
        template(TASKS + "{id}", "task", "A task: status, progress, result", "application/json"),
        template(
            PIPELINES + "{name}",
            "pipeline",
            "A stored pipeline's manifest (YAML or JSON)",
            "application/yaml"));
  }

  private SyncResourceTemplateSpecification template(
      String uri, String name, String description, String mime) {
    ResourceTemplate template =
        ResourceTemplate.builder(uri, name).description(description).mimeType(mime).build();
    return new SyncResourceTemplateSpecification(
        template, (exchange, request) -> read(request.uri(), callers.of(exchange)));
  }

  /** The resource at {@code uri} as {@code who} may see it; the protocol's error if not. */
  ReadResourceResult read(String uri, RpcGateway.Identity who) {
    Matcher m = URI.matcher(uri);
    if (!m.matches()) {
      throw McpError.RESOURCE_NOT_FOUND.apply(uri);
    }
    String kind = m.group(1);
    String key = m.group(2);
    try {
      String text;
      String mime = "application/json";
      switch (kind) {
        case "runs" -> text = McpJson.text(call("runs.get", "run_id", key, who));
        case "tasks" -> {
          JsonNode task = call("tasks.get", "task_id", key, who);
          if (task == null || task.isNull()) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
          }
          text = McpJson.text(task);
        }
        default -> {
          JsonNode pipeline = call("pipelines.get", "name", key, who);
          text = pipeline.get("manifest").asText();
          mime =
              pipeline.get("format").asText().equals("json")
                  ? "application/json"
                  : "application/yaml";
        }
      }
      return ReadResourceResult.builder(
              List.of(TextResourceContents.builder(uri, text).mimeType(mime).build()))
          .build();
    } catch (RpcGateway.Failure f) {
      throw error(uri, f);
    }
  }

  private JsonNode call(String method, String param, String value, RpcGateway.Identity who)
      throws RpcGateway.Failure {
    return gateway.call(method, McpJson.MAPPER.createObjectNode().put(param, value), who);
  }

  /** A method's error as MCP's: not found is -32002 with the uri, others keep their code. */
  private static McpError error(String uri, RpcGateway.Failure f) {
    if (f.code() == -32004) {
      return McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
          .message(f.getMessage())
          .data(java.util.Map.of("uri", uri))
          .build();
    }
    return McpError.builder(f.code())
        .message(f.getMessage())
        .data(f.data() == null ? null : McpJson.MAPPER.convertValue(f.data(), Object.class))
        .build();
  }
}
