package dev.weft.server.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/** One prompt: run a stored pipeline, follow it to its end and report, with the tools' names. */
final class McpPrompts {

  static final String RUN_AND_REPORT = "run_and_report";

  private McpPrompts() {}

  static List<SyncPromptSpecification> specifications() {
    McpSchema.Prompt prompt =
        McpSchema.Prompt.builder(RUN_AND_REPORT)
            .title("Run a pipeline and report")
            .description("Run a stored pipeline, follow it to its end and report how it went")
            .arguments(
                List.of(
                    PromptArgument.builder("pipeline")
                        .description("the stored pipeline's name (list_pipelines)")
                        .required(true)
                        .build(),
                    PromptArgument.builder("params")
                        .description("its parameters as name=value, comma-separated")
                        .required(false)
                        .build()))
            .build();
    return List.of(new SyncPromptSpecification(prompt, (exchange, request) -> text(request)));
  }

  private static GetPromptResult text(McpSchema.GetPromptRequest request) {
    Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
    Object pipeline = args.get("pipeline");
    if (pipeline == null || pipeline.toString().isBlank()) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("Invalid params: pipeline: name a stored pipeline (the list_pipelines tool)")
          .build();
    }
    Object params = args.get("params");
    String text =
        "Run the stored Weft pipeline '"
            + pipeline
            + "' with the run_pipeline tool"
            + (params == null || params.toString().isBlank()
                ? ""
                : " and these params (as an object of name to value): " + params)
            + ". Follow the run with get_run until its status has ended, then report the status"
            + " of each task. For each task that failed, read its logs with task_logs and say"
            + " why it failed; if it is worth trying again, say that retry_run would.";
    return GetPromptResult.builder(
            List.of(
                PromptMessage.builder(McpSchema.Role.USER, TextContent.builder(text).build())
                    .build()))
        .description("Run " + pipeline + " and report")
        .build();
  }
}
