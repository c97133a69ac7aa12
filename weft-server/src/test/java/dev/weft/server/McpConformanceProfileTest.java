package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.store.StoreFixture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP conformance profile through the SDK's Java client (McpConformanceTest runs the suite
 * itself): the fixtures are served beside Weft's own tools, and reach the client by the protocol's
 * real paths (log and progress notifications, sampling and elicitation requests in the middle of a
 * call, media content, a resource template, a completion).
 */
class McpConformanceProfileTest {

  @TempDir Path dir;

  private Served served;
  private McpSyncClient client;
  private final List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
  private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults().withWork(false).withMcpConformance(true));
    client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(served.server.uri().toString())
                    .endpoint("/mcp")
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
            .sampling(request ->
                McpSchema.CreateMessageResult.builder(
                        McpSchema.Role.ASSISTANT,
                        "an answer to "
                            + ((TextContent) request.messages().get(0).content()).text(),
                        "test-model")
                    .build())
            .elicitation(request -> {
              asked.add(request);
              return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("username", "ada"));
            })
            .loggingConsumer(logs::add)
            .progressConsumer(progress::add)
            .build();
    client.initialize();
  }

  @AfterEach
  void stop() {
    client.closeGracefully();
    served.close();
  }

  @Test
  void theFixturesAreServedBesideWeftsOwnTools() {
    List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    assertThat(tools).contains("run_pipeline", "get_run", "test_simple_text", "test_sampling");
    assertThat(client.listPrompts().prompts())
        .extracting(McpSchema.Prompt::name)
        .contains("run_and_report", "test_prompt_with_arguments");
    assertThat(client.getServerCapabilities().completions()).isNotNull();
  }

  @Test
  void theToolsSendNotificationsAndAskTheClientMidCall() {
    client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
    call("test_tool_with_logging", Map.of());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.size() >= 3);
    assertThat(logs)
        .extracting(LoggingMessageNotification::data)
        // the SDK's sync client hands each notification to the consumer on a thread of its own
        .containsExactlyInAnyOrder(
            "Tool execution started", "Tool processing data", "Tool execution completed");

    client.callTool(
        CallToolRequest.builder("test_tool_with_progress")
            .arguments(Map.of())
            .progressToken("p-1")
            .build());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() >= 3);
    assertThat(progress)
        .extracting(ProgressNotification::progress)
        .containsExactlyInAnyOrder(0.0, 50.0, 100.0);

    assertThat(text(call("test_sampling", Map.of("prompt", "two plus two"))))
        .isEqualTo("LLM response: an answer to two plus two");

    assertThat(text(call("test_elicitation", Map.of("message", "who are you?"))))
        .isEqualTo("User response: action=accept, content={\"username\":\"ada\"}");
    assertThat(asked.getLast().message()).isEqualTo("who are you?");
    assertThat(asked.getLast().requestedSchema().get("required"))
        .isEqualTo(List.of("username", "email"));

    CallToolResult error = call("test_error_handling", Map.of());
    assertThat(error.isError()).isTrue();
    CallToolResult missing = call("test_sampling", Map.of());
    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("test_sampling needs the argument prompt");
  }

  @Test
  void theMediaDecodeAndTheTemplateAndCompletionAnswer() throws Exception {
    ImageContent image = (ImageContent) call("test_image_content", Map.of()).content().get(0);
    BufferedImage pixel = ImageIO.read(new ByteArrayInputStream(decode(image.data())));
    assertThat(pixel.getWidth()).isEqualTo(1);
    assertThat(pixel.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);

    AudioContent audio = (AudioContent) call("test_audio_content", Map.of()).content().get(0);
    assertThat(audio.mimeType()).isEqualTo("audio/wav");
    AudioFormat format =
        AudioSystem.getAudioInputStream(new ByteArrayInputStream(decode(audio.data()))).getFormat();
    assertThat(format.getSampleRate()).isEqualTo(8000f);

    BlobResourceContents binary =
        (BlobResourceContents)
            client
                .readResource(McpSchema.ReadResourceRequest.builder("test://static-binary").build())
                .contents()
                .get(0);
    assertThat(binary.mimeType()).isEqualTo("image/png");

    TextResourceContents data =
        (TextResourceContents)
            client
                .readResource(
                    McpSchema.ReadResourceRequest.builder("test://template/42/data").build())
                .contents()
                .get(0);
    assertThat(data.text())
        .isEqualTo("{\"id\":\"42\",\"templateTest\":true,\"data\":\"Data for ID: 42\"}");

    McpSchema.CompleteResult completed =
        client.completeCompletion(
            McpSchema.CompleteRequest.builder(
                    new McpSchema.PromptReference("test_prompt_with_arguments"),
                    new McpSchema.CompleteRequest.CompleteArgument("arg1", "par"))
                .build());
    assertThat(completed.completion().values()).containsExactly("paris", "park", "party");
  }

  private CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(CallToolRequest.builder(tool).arguments(args).build());
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }
}
