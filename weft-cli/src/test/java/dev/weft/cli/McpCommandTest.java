package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.spi.NodeTypes;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft mcp} as a process an assistant starts, driven by the MCP SDK's own stdio client; and
 * both entries of examples/agents/mcp.json started as they are written.
 */
class McpCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String HELLO =
      "weft: 1\nname: hello\nkind: tasks\nnodes:\n  - id: greet\n    type: echo\n"
          + "    with: {message: hi}\n  - id: after\n    type: echo\n    after: [greet]\n"
          + "    with: {message: done}\n";

  @TempDir Path dir;

  private Path pipelines() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(folder.resolve("hello.yaml"), HELLO);
    return folder;
  }

  /** The stdio client of a {@code weft} process with these args (the tests' class path). */
  private final List<String> updated = new CopyOnWriteArrayList<>();

  private McpSyncClient stdio(List<String> args, List<ProgressNotification> progress) {
    List<String> command = Cli.process(args.toArray(String[]::new)).command();
    ServerParameters params =
        ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    McpSyncClient client =
        McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .progressConsumer(progress::add)
            .resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri())))
            .build();
    client.initialize();
    return client;
  }

  @Test
  void anAssistantRunsAPipelineOverStdioAndIsToldOfItsProgress() throws Exception {
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    McpSyncClient client =
        stdio(
            List.of(
                "mcp",
                "--db",
                dir.resolve("weft.db").toString(),
                "--pipelines",
                pipelines().toString()),
            progress);
    try {
      assertThat(client.getServerInfo().name()).isEqualTo("weft");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("run_pipeline", "get_run", "task_logs", "copy_task");

      CallToolResult run =
          client.callTool(
              CallToolRequest.builder("run_pipeline")
                  .arguments(Map.of("pipeline", "hello"))
                  .progressToken(7)
                  .build());

      assertThat(run.isError()).as("%s", run).isNotEqualTo(true);
      JsonNode view = JSON.valueToTree(run.structuredContent());
      assertThat(view.get("status").asText()).isEqualTo("succeeded");
      // Sent before the answer, but the client hands notifications over on another thread.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> progress.stream().anyMatch(p -> p.progress() == 2.0));
      assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(2.0));

      TextResourceContents manifest =
          (TextResourceContents)
              client
                  .readResource(
                      McpSchema.ReadResourceRequest.builder("weft://pipelines/hello").build())
                  .contents()
                  .get(0);
      assertThat(manifest.text()).isEqualTo(HELLO);

      CallToolResult later =
          client.callTool(
              CallToolRequest.builder("run_pipeline")
                  .arguments(Map.of("pipeline", "hello", "at", "1h"))
                  .build());
      String uri = "weft://runs/" + JSON.valueToTree(later.structuredContent()).get("id").asText();
      client.subscribeResource(McpSchema.SubscribeRequest.builder(uri).build());
      CallToolResult cancelled =
          client.callTool(
              CallToolRequest.builder("cancel_run")
                  .arguments(
                      Map.of(
                          "run_id", JSON.valueToTree(later.structuredContent()).get("id").asLong()))
                  .build());
      assertThat(JSON.valueToTree(cancelled.structuredContent()).get("status").asText())
          .isEqualTo("cancelled");
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> updated.contains(uri));
      assertThat(
              ((TextResourceContents)
                      client
                          .readResource(McpSchema.ReadResourceRequest.builder(uri).build())
                          .contents()
                          .get(0))
                  .text())
          .contains("\"status\":\"cancelled\"");

      CallToolResult typo =
          client.callTool(
              CallToolRequest.builder("run_pipeline")
                  .arguments(Map.of("pipeline", "helo"))
                  .build());
      assertThat(typo.isError()).isTrue();
      assertThat(((TextContent) typo.content().get(0)).text()).contains("did you mean 'hello'?");
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void theConformanceProfileAddsTheSuitesFixturesOnlyWhenAskedFor() throws Exception {
    String db = dir.resolve("weft.db").toString();
    McpSyncClient plain = stdio(List.of("mcp", "--db", db, "--no-work"), new ArrayList<>());
    try {
      assertThat(plain.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .doesNotContain("test_simple_text");
    } finally {
      plain.closeGracefully();
    }
    McpSyncClient profiled =
        stdio(
            List.of("mcp", "--db", db, "--no-work", "--mcp-conformance-profile"),
            new ArrayList<>());
    try {
      assertThat(profiled.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("run_pipeline", "test_simple_text");
      CallToolResult text =
          profiled.callTool(
              CallToolRequest.builder("test_simple_text").arguments(Map.of()).build());
      assertThat(((TextContent) text.content().get(0)).text())
          .isEqualTo("This is a simple text response for testing.");
    } finally {
      profiled.closeGracefully();
    }
  }

  @Test
  void stdoutCarriesTheProtocolOnlyAndABadLineGetsTheProtocolsError() throws Exception {
    Process mcp =
        Cli.process("mcp", "--db", dir.resolve("weft.db").toString(), "--no-work").start();
    try {
      OutputStream in = mcp.getOutputStream();
      String lines =
          "this is not JSON\n"
              + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
              + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
              + "\"name\":\"get_run\",\"arguments\":{\"run_id\":\"x\"}}}\n";
      in.write(lines.getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8));
      // every line of stdout is a JSON-RPC message: the answer to the bad line, then the replies
      Map<String, JsonNode> replies =
          CompletableFuture.supplyAsync(
                  () -> {
                    Map<String, JsonNode> byId = new java.util.HashMap<>();
                    while (byId.size() < 3) {
                      try {
                        String line = out.readLine();
                        assertThat(line).as("a reply on stdout").isNotNull();
                        JsonNode reply = JSON.readTree(line);
                        assertThat(reply.get("jsonrpc").asText()).isEqualTo("2.0");
                        byId.put(reply.get("id").asText(), reply);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }
                    return byId;
                  })
              .get(60, TimeUnit.SECONDS);
      in.close(); // the assistant is gone: the command stops
      assertThat(mcp.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(mcp.exitValue()).isZero();
      assertThat(new String(mcp.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isBlank();

      assertThat(replies.get("null").at("/error/code").asInt()).isEqualTo(-32700);
      assertThat(replies.get("null").at("/error/message").asText()).startsWith("Parse error");
      assertThat(replies.get("1").at("/result/serverInfo/name").asText()).isEqualTo("weft");
      assertThat(replies.get("2").at("/result/isError").asBoolean()).isTrue();
      assertThat(replies.get("2").at("/result/content/0/text").asText())
          .contains("Invalid params: run_id");
      String err = new String(mcp.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(err).doesNotContain("\tat ");
    } finally {
      mcp.destroyForcibly();
    }
  }

  @Test
  void theAgentsSnippetStartsOverStdioAndOverHttp() throws Exception {
    JsonNode servers =
        JSON.readTree(Cli.ROOT.resolve("examples/agents/mcp.json").toFile()).get("mcpServers");
    Path pipelines = pipelines();

    // stdio: the snippet's command is the weft launcher; here it is the tests' build of it, with
    // the snippet's args as written but for /path/to/.
    JsonNode local = servers.get("weft");
    assertThat(local.get("command").asText()).isEqualTo("weft");
    List<String> args = new ArrayList<>();
    local.get("args").forEach(a -> args.add(a.asText().replace("/path/to", dir.toString())));
    assertThat(args).contains("--pipelines", pipelines.toString());
    McpSyncClient client = stdio(args, new CopyOnWriteArrayList<>());
    try {
      CallToolResult listed =
          client.callTool(CallToolRequest.builder("list_pipelines").arguments(Map.of()).build());
      assertThat(((TextContent) listed.content().get(0)).text()).contains("\"hello\"");
    } finally {
      client.closeGracefully();
    }

    // HTTP: a server with auth, the snippet's url (on the server's port) and header.
    JsonNode http = servers.get("weft-http");
    assertThat(http.get("type").asText()).isEqualTo("http");
    URI url = URI.create(http.get("url").asText());
    String token = "snippet-token-0123456789";
    NodeTypes types = NodeTypes.load();
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("http.db"));
        TaskEngine engine =
            new TaskEngine(store, types, EngineOptions.defaults().withConcurrency(2));
        WeftServer server =
            WeftServer.start(
                ServerConfig.defaults()
                    .withBind(url.getHost())
                    .withPort(0)
                    .withPipelines(pipelines)
                    .withAuth(
                        List.of(new ServerConfig.Token(token, "ada", Set.of("submit"))), null),
                store,
                types,
                engine)) {
      HttpRequest.Builder headers = HttpRequest.newBuilder();
      http.get("headers")
          .properties()
          .forEach(h ->
              headers.header(h.getKey(), h.getValue().asText().replace("${WEFT_TOKEN}", token)));
      McpSyncClient remote =
          McpClient.sync(
                  HttpClientStreamableHttpTransport.builder(
                          "http://" + url.getHost() + ":" + server.port())
                      .endpoint(url.getPath())
                      .requestBuilder(headers)
                      .build())
              .requestTimeout(Duration.ofSeconds(60))
              .build();
      try {
        remote.initialize();
        CallToolResult run =
            remote.callTool(
                CallToolRequest.builder("run_pipeline")
                    .arguments(Map.of("pipeline", "hello", "wait_seconds", 60))
                    .build());
        assertThat(JSON.valueToTree(run.structuredContent()).get("status").asText())
            .isEqualTo("succeeded");
      } finally {
        remote.closeGracefully();
      }
    }
  }
}
