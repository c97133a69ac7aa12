package dev.weft.server.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixtures the MCP conformance suite ({@code @modelcontextprotocol/conformance}) calls by name,
 * served beside Weft's own only with the conformance profile ({@code weft server
 * --mcp-conformance-profile}), for conformance runs: the {@code test://} resources and resource
 * template, the {@code test_*} prompts, the completion of {@code test_prompt_with_arguments}, and
 * the tools of {@link ConformanceTools}. Each answers as the suite's scenario checks it.
 */
final class ConformanceFixtures {

  /** A 1x1 red pixel, PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

  /** A tenth of a second of a 440 Hz tone, WAV (8 kHz, mono, 16-bit). */
  static final String WAV = Base64.getEncoder().encodeToString(wav(8000, 800, 440));

  static final String STATIC_TEXT = "test://static-text";
  static final String STATIC_BINARY = "test://static-binary";
  static final String WATCHED = "test://watched-resource";
  static final String TEMPLATE = "test://template/{id}/data";

  private static final Pattern TEMPLATE_URI = Pattern.compile("test://template/([^/]+)/data");

  /** The words {@code arg1} of {@code test_prompt_with_arguments} completes to. */
  static final List<String> WORDS = List.of("paris", "park", "party", "test", "testing", "tested");

  private ConformanceFixtures() {}

  /** Adds every fixture to {@code spec}. */
  static void addTo(McpServer.SyncSpecification<?> spec) {
    spec.tools(ConformanceTools.specifications())
        .resources(resources())
        .resourceTemplates(templates())
        .prompts(prompts())
        .completions(completions());
  }

  static List<SyncResourceSpecification> resources() {
    return List.of(
        resource(
            STATIC_TEXT,
            "static-text",
            "text/plain",
            uri -> text(uri, "text/plain", "This is the content of the static text resource.")),
        resource(
            STATIC_BINARY,
            "static-binary",
            "image/png",
            uri -> BlobResourceContents.builder(uri, PNG).mimeType("image/png").build()),
        resource(
            WATCHED,
            "watched-resource",
            "text/plain",
            uri -> text(uri, "text/plain", "A resource to subscribe to.")));
  }

  private static SyncResourceSpecification resource(
      String uri, String name, String mime, Function<String, ResourceContents> contents) {
    McpSchema.Resource resource =
        McpSchema.Resource.builder(uri, name)
            .description("A fixture of the MCP conformance suite")
            .mimeType(mime)
            .build();
    return new SyncResourceSpecification(
        resource,
        (exchange, request) ->
            ReadResourceResult.builder(List.of(contents.apply(request.uri()))).build());
  }

  static List<SyncResourceTemplateSpecification> templates() {
    McpSchema.ResourceTemplate template =
        McpSchema.ResourceTemplate.builder(TEMPLATE, "template-data")
            .description("A fixture of the MCP conformance suite: data for an id")
            .mimeType("application/json")
            .build();
    return List.of(
        new SyncResourceTemplateSpecification(
            template,
            (exchange, request) -> {
              Matcher m = TEMPLATE_URI.matcher(request.uri());
              if (!m.matches()) {
                throw io.modelcontextprotocol.spec.McpError.RESOURCE_NOT_FOUND.apply(request.uri());
              }
              String id = m.group(1);
              String json =
                  McpJson.text(
                      McpJson.MAPPER
                          .createObjectNode()
                          .put("id", id)
                          .put("templateTest", true)
                          .put("data", "Data for ID: " + id));
              return ReadResourceResult.builder(
                      List.of(text(request.uri(), "application/json", json)))
                  .build();
            }));
  }

  static List<SyncPromptSpecification> prompts() {
    return List.of(
        prompt(
            "test_simple_prompt",
            "A prompt without arguments",
            List.of(),
            args ->
                List.of(user(TextContent.builder("This is a simple prompt for testing.").build()))),
        prompt(
            "test_prompt_with_arguments",
            "A prompt with two arguments",
            List.of(
                argument("arg1", "First test argument"), argument("arg2", "Second test argument")),
            args ->
                List.of(
                    user(
                        TextContent.builder(
                                "Prompt with arguments: arg1='"
                                    + args.get("arg1")
                                    + "', arg2='"
                                    + args.get("arg2")
                                    + "'")
                            .build()))),
        prompt(
            "test_prompt_with_embedded_resource",
            "A prompt with an embedded resource",
            List.of(argument("resourceUri", "The uri of the resource to embed")),
            args ->
                List.of(
                    user(
                        ConformanceFixtures.embedded(
                            String.valueOf(args.get("resourceUri")),
                            "text/plain",
                            "Embedded resource content for testing.")),
                    user(
                        TextContent.builder("Please process the embedded resource above.")
                            .build()))),
        prompt(
            "test_prompt_with_image",
            "A prompt with an image",
            List.of(),
            args ->
                List.of(
                    user(ImageContent.builder(PNG, "image/png").build()),
                    user(TextContent.builder("Please analyze the image above.").build()))));
  }

  private static SyncPromptSpecification prompt(
      String name,
      String description,
      List<PromptArgument> arguments,
      Function<Map<String, Object>, List<PromptMessage>> messages) {
    McpSchema.Prompt prompt =
        McpSchema.Prompt.builder(name).description(description).arguments(arguments).build();
    return new SyncPromptSpecification(
        prompt,
        (exchange, request) -> {
          Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
          for (PromptArgument a : arguments) {
            if (args.get(a.name()) == null) {
              throw io.modelcontextprotocol.spec.McpError.builder(
                      McpSchema.ErrorCodes.INVALID_PARAMS)
                  .message("Invalid params: the prompt " + name + " needs the argument " + a.name())
                  .build();
            }
          }
          return GetPromptResult.builder(messages.apply(args)).description(description).build();
        });
  }

  private static PromptArgument argument(String name, String description) {
    return PromptArgument.builder(name).description(description).required(true).build();
  }

  private static PromptMessage user(McpSchema.Content content) {
    return new PromptMessage(Role.USER, content);
  }

  static List<SyncCompletionSpecification> completions() {
    return List.of(
        new SyncCompletionSpecification(
            new McpSchema.PromptReference("test_prompt_with_arguments"),
            (exchange, request) -> {
              String typed = request.argument().value() == null ? "" : request.argument().value();
              List<String> values = WORDS.stream().filter(w -> w.startsWith(typed)).toList();
              return new CompleteResult(
                  new CompleteResult.CompleteCompletion(values, values.size(), false));
            }));
  }

  static EmbeddedResource embedded(String uri, String mime, String text) {
    return EmbeddedResource.builder(text(uri, mime, text)).build();
  }

  static TextResourceContents text(String uri, String mime, String text) {
    return TextResourceContents.builder(uri, text).mimeType(mime).build();
  }

  /** A WAV file of {@code samples} samples of a {@code hz} tone at {@code rate}. */
  static byte[] wav(int rate, int samples, int hz) {
    int data = samples * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + data);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    b.putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * hz * i / rate)));
    }
    return b.array();
  }
}
