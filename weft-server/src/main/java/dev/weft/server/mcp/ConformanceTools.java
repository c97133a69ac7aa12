package dev.weft.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tools of the MCP conformance suite's scenarios ({@link ConformanceFixtures}), each as its
 * scenario checks it: content of every kind, a tool error, log and progress notifications during a
 * call, and sampling and elicitation requests sent to the client in the middle of one.
 */
final class ConformanceTools {

  /** The pause between the notifications of one call, as the suite's fixtures space them. */
  static final Duration STEP = Duration.ofMillis(50);

  private ConformanceTools() {}

  static List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.add(
        tool(
            "test_simple_text",
            "Answers with one text",
            Map.of(),
            (ex, req) -> text("This is a simple text response for testing.")));
    tools.add(
        tool(
            "test_image_content",
            "Answers with an image (a 1x1 PNG)",
            Map.of(),
            (ex, req) ->
                content(ImageContent.builder(ConformanceFixtures.PNG, "image/png").build())));
    tools.add(
        tool(
            "test_audio_content",
            "Answers with audio (a short WAV)",
            Map.of(),
            (ex, req) ->
                content(AudioContent.builder(ConformanceFixtures.WAV, "audio/wav").build())));
    tools.add(
        tool(
            "test_embedded_resource",
            "Answers with an embedded resource",
            Map.of(),
            (ex, req) ->
                content(
                    ConformanceFixtures.embedded(
                        "test://embedded-resource",
                        "text/plain",
                        "This is an embedded resource content."))));
    tools.add(
        tool(
            "test_multiple_content_types",
            "Answers with a text, an image and a resource",
            Map.of(),
            (ex, req) ->
                CallToolResult.builder()
                    .addContent(TextContent.builder("Multiple content types test:").build())
                    .addContent(ImageContent.builder(ConformanceFixtures.PNG, "image/png").build())
                    .addContent(
                        ConformanceFixtures.embedded(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}"))
                    .build()));
    tools.add(
        tool(
            "test_tool_with_logging",
            "Sends three log messages while it runs",
            Map.of(),
            ConformanceTools::logging));
    tools.add(
        tool(
            "test_error_handling",
            "Always fails, as a tool error",
            Map.of(),
            (ex, req) ->
                CallToolResult.builder()
                    .isError(true)
                    .addTextContent("This tool intentionally returns an error for testing")
                    .build()));
    tools.add(
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100 while it runs",
            Map.of(),
            ConformanceTools::progress));
    tools.add(
        tool(
            "test_sampling",
            "Asks the client's model to answer a prompt (sampling)",
            Map.of("prompt", "The prompt to send to the model"),
            ConformanceTools::sampling));
    tools.add(
        tool(
            "test_elicitation",
            "Asks the user for a name and an email (elicitation)",
            Map.of("message", "The message to show the user"),
            (ex, req) ->
                elicit(
                    ex,
                    String.valueOf(req.arguments().get("message")),
                    ElicitationSchemas.usernameAndEmail(),
                    "User response: ")));
    tools.add(
        tool(
            "test_elicitation_sep1034_defaults",
            "Asks the user with a default for every primitive type (SEP-1034)",
            Map.of(),
            (ex, req) ->
                elicit(
                    ex,
                    "Please review and update the form fields with defaults",
                    ElicitationSchemas.withDefaults(),
                    "Elicitation completed: ")));
    tools.add(
        tool(
            "test_elicitation_sep1330_enums",
            "Asks the user with every kind of enum (SEP-1330)",
            Map.of(),
            (ex, req) ->
                elicit(
                    ex,
                    "Please select options from the enum fields",
                    ElicitationSchemas.enums(),
                    "Elicitation completed: ")));
    return tools;
  }

  /**
   * A tool whose input is an object of the given string properties, all required.
   *
   * @param properties each property's name and description
   */
  private static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, String> properties,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> call) {
    Map<String, Object> props = new LinkedHashMap<>();
    properties.forEach((p, d) -> props.put(p, Map.of("type", "string", "description", d)));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", props);
    schema.put("required", List.copyOf(properties.keySet()));
    McpSchema.Tool described =
        McpSchema.Tool.builder(name, schema)
            .description(description + " (a fixture of the MCP conformance suite)")
            .build();
    return SyncToolSpecification.builder()
        .tool(described)
        .callHandler((exchange, request) -> {
          for (String p : properties.keySet()) {
            if (request.arguments() == null || request.arguments().get(p) == null) {
              return CallToolResult.builder()
                  .isError(true)
                  .addTextContent("Invalid params: " + name + " needs the argument " + p)
                  .build();
            }
          }
          return call.apply(exchange, request);
        })
        .build();
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }

  private static CallToolResult content(McpSchema.Content content) {
    return CallToolResult.builder().addContent(content).build();
  }

  private static CallToolResult logging(McpSyncServerExchange exchange, CallToolRequest request) {
    List<String> messages =
        List.of("Tool execution started", "Tool processing data", "Tool execution completed");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        pause();
      }
      exchange.loggingNotification(
          LoggingMessageNotification.builder(LoggingLevel.INFO, messages.get(i))
              .logger("conformance")
              .build());
    }
    return text("Tool with logging executed successfully");
  }

  private static CallToolResult progress(McpSyncServerExchange exchange, CallToolRequest request) {
    Object token = request.progressToken();
    for (int step = 0; step <= 2; step++) {
      if (step > 0) {
        pause();
      }
      if (token != null) {
        exchange.progressNotification(
            new ProgressNotification(token, step * 50.0, 100.0, step * 50 + " of 100", null));
      }
    }
    return text("Tool with progress executed successfully");
  }

  private static CallToolResult sampling(McpSyncServerExchange exchange, CallToolRequest request) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().sampling() == null) {
      return refused("the client does not offer sampling (no sampling capability)");
    }
    String prompt = String.valueOf(request.arguments().get("prompt"));
    try {
      CreateMessageResult answer =
          exchange.createMessage(
              McpSchema.CreateMessageRequest.builder(
                      List.of(
                          new SamplingMessage(
                              McpSchema.Role.USER, TextContent.builder(prompt).build())),
                      100)
                  .build());
      String said =
          answer.content() instanceof TextContent t ? t.text() : String.valueOf(answer.content());
      return text("LLM response: " + said);
    } catch (McpError e) {
      return refused("sampling failed: " + e.getMessage());
    }
  }

  private static CallToolResult elicit(
      McpSyncServerExchange exchange, String message, Map<String, Object> schema, String prefix) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().elicitation() == null) {
      return refused("the client does not offer elicitation (no elicitation capability)");
    }
    try {
      ElicitResult answer =
          exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, schema).build());
      return text(
          prefix
              + "action="
              + answer.action().name().toLowerCase(java.util.Locale.ROOT)
              + ", content="
              + McpJson.text(McpJson.MAPPER.valueToTree(answer.content())));
    } catch (McpError e) {
      return refused("elicitation failed: " + e.getMessage());
    }
  }

  private static CallToolResult refused(String why) {
    return CallToolResult.builder().isError(true).addTextContent(why).build();
  }

  private static void pause() {
    try {
      Thread.sleep(STEP); // the fixture's own pacing: there is nothing to wait for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
