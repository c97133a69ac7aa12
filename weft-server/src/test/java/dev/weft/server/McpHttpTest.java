package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP over Streamable HTTP at /mcp of a real server, through the SDK's own Java client: every tool,
 * a run followed to its end with progress notifications, the resources and their subscriptions, the
 * scopes of the tokens, and bad input answered with the protocol's errors.
 */
class McpHttpTest {

  static final String SUBMIT = "mcp-submit-token-0123456789";
  static final String READ = "mcp-read-token-0123456789";
  static final String BOB = "mcp-bob-token-0123456789";

  static final String HELLO =
      "weft: 1\nname: hello\nkind: tasks\nnodes:\n  - id: greet\n    type: echo\n"
          + "    with: {message: hi}\n  - id: after\n    type: echo\n    after: [greet]\n"
          + "    with: {message: done}\n";

  static final String FAILING =
      "weft: 1\nname: flaky\nkind: tasks\nnodes:\n  - id: once\n    type: fail\n"
          + "    with: {attempts: 1}\n";

  @TempDir Path dir;

  private Served served;
  private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();
  private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final List<String> updated = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), HELLO);
    Files.writeString(pipelines.resolve("flaky.yaml"), FAILING);
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults()
                .withPipelines(pipelines)
                .withAuth(
                    List.of(
                        new ServerConfig.Token(SUBMIT, "ada", Set.of("submit")),
                        new ServerConfig.Token(READ, "ada", Set.of("read")),
                        new ServerConfig.Token(BOB, "bob", Set.of("read"))),
                    SecurityTest.SECRET));
  }

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    served.close();
  }

  private McpSyncClient client(String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(served.server.uri().toString())
                    .endpoint("/mcp")
                    .requestBuilder(request)
                    .openConnectionOnStartup(true)
                    .build())
            .requestTimeout(Duration.ofSeconds(60))
            .progressConsumer(progress::add)
            .resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri())))
            .build();
    clients.add(client);
    client.initialize();
    return client;
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(CallToolRequest.builder(tool).arguments(args).build());
  }

  /** The structured content of a call that must succeed. */
  static JsonNode ok(McpSyncClient client, String tool, Map<String, Object> args) {
    CallToolResult result = call(client, tool, args);
    assertThat(result.isError()).as("%s %s: %s", tool, args, result.content()).isNotEqualTo(true);
    return Jsons.MAPPER.valueToTree(result.structuredContent());
  }

  /** The text of a call that must fail as a tool error. */
  static String refused(McpSyncClient client, String tool, Map<String, Object> args) {
    CallToolResult result = call(client, tool, args);
    assertThat(result.isError()).as("%s %s: %s", tool, args, result).isTrue();
    return ((TextContent) result.content().get(0)).text();
  }

  @Test
  void listsEveryToolWithItsInputAndOutputSchema() {
    McpSyncClient client = client(SUBMIT);
    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactly(
            "validate_manifest",
            "list_pipelines",
            "run_pipeline",
            "get_run",
            "list_runs",
            "cancel_run",
            "retry_run",
            "get_task",
            "list_tasks",
            "task_tree",
            "task_logs",
            "copy_task");
    for (McpSchema.Tool tool : tools) {
      assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
      assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
      assertThat(tool.description()).as(tool.name()).contains("the JSON-RPC method");
    }
    McpSchema.Tool run = tools.get(2);
    assertThat(run.annotations().readOnlyHint()).isFalse();
    assertThat(tools.get(3).annotations().readOnlyHint()).isTrue();
    assertThat(run.inputSchema().get("properties").toString())
        .contains("pipeline", "manifest", "params", "wait_seconds");
    assertThat(client.getServerInfo().name()).isEqualTo("weft");
    // without the conformance profile, none of the suite's fixtures
    assertThat(client.listResources().resources()).isEmpty();
    assertThat(client.getServerCapabilities().completions()).isNull();
  }

  @Test
  void aRunFollowedToItsEndSendsProgressNotifications() {
    McpSyncClient client = client(SUBMIT);

    CallToolResult result =
        client.callTool(
            CallToolRequest.builder("run_pipeline")
                .arguments(Map.of("pipeline", "hello"))
                .progressToken("run-1")
                .build());

    assertThat(result.isError()).as("%s", result).isNotEqualTo(true);
    JsonNode run = Jsons.MAPPER.valueToTree(result.structuredContent());
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    assertThat(run.get("user").asText()).isEqualTo("ada");
    assertThat(run.get("tasks")).hasSize(2);
    assertThat(((TextContent) result.content().get(0)).text()).contains("\"succeeded\"");
    // Sent before the answer, but the client hands notifications over on another thread.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> progress.stream().anyMatch(p -> p.message().contains("2 of 2 tasks ended")));
    assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("run-1"));
    assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(2.0));
    assertThat(progress).extracting(ProgressNotification::progress).contains(0.0, 2.0);
  }

  @Test
  void everyToolAnswersThroughItsMethod() {
    McpSyncClient client = client(SUBMIT);

    JsonNode valid = ok(client, "validate_manifest", Map.of("manifest", HELLO));
    assertThat(valid.get("valid").asBoolean()).isTrue();
    assertThat(valid.get("nodes").asInt()).isEqualTo(2);
    JsonNode invalid =
        ok(client, "validate_manifest", Map.of("manifest", HELLO.replace("echo", "ecko")));
    assertThat(invalid.get("valid").asBoolean()).isFalse();
    assertThat(invalid.at("/problems/0/line").asInt()).isEqualTo(6);

    assertThat(ok(client, "list_pipelines", Map.of()).get("pipelines").findValuesAsText("name"))
        .containsExactly("flaky", "hello");

    // An inline manifest, answered at once: the run's id.
    JsonNode started = ok(client, "run_pipeline", Map.of("manifest", HELLO));
    long id = started.get("id").asLong();
    assertThat(started.get("pipeline").asText()).isEqualTo("hello");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            ok(client, "get_run", Map.of("run_id", id)).get("status").asText().equals("succeeded"));
    long greet = ok(client, "get_run", Map.of("run_id", id)).at("/tasks/0/id").asLong();

    assertThat(ok(client, "list_runs", Map.of("status", "succeeded")).get("total").asInt())
        .isEqualTo(1);
    JsonNode task = ok(client, "get_task", Map.of("task_id", greet)).get("task");
    assertThat(task.get("status").asText()).isEqualTo("completed");
    assertThat(ok(client, "get_task", Map.of("task_id", 999_999)).get("task").isNull()).isTrue();
    assertThat(ok(client, "list_tasks", Map.of("root_only", true)).get("tasks")).hasSize(1);
    assertThat(ok(client, "task_tree", Map.of("task_id", greet)).get("children")).hasSize(2);
    assertThat(ok(client, "task_logs", Map.of("task_id", greet)).get("lines").isArray()).isTrue();
    JsonNode copy = ok(client, "copy_task", Map.of("task_id", id, "copy_mode", "full"));
    assertThat(copy.get("id").asLong()).isNotEqualTo(id);

    // A run that starts later, cancelled while it waits.
    long later =
        ok(client, "run_pipeline", Map.of("pipeline", "hello", "at", "1h")).get("id").asLong();
    JsonNode cancelled = ok(client, "cancel_run", Map.of("run_id", later, "reason", "not now"));
    assertThat(cancelled.get("cancelled").asInt()).isEqualTo(2);

    // A run that fails once, retried.
    JsonNode failed = ok(client, "run_pipeline", Map.of("pipeline", "flaky", "wait_seconds", 60));
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    JsonNode again = ok(client, "retry_run", Map.of("run_id", failed.get("id").asLong()));
    assertThat(again.get("again").asInt()).isEqualTo(1);
  }

  @Test
  void resourcesReadAndSubscribedRunsTellOfTheirChanges() {
    McpSyncClient client = client(SUBMIT);
    assertThat(client.listResourceTemplates().resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactly("weft://runs/{id}", "weft://tasks/{id}", "weft://pipelines/{name}");

    TextResourceContents pipeline = read(client, "weft://pipelines/hello");
    assertThat(pipeline.text()).isEqualTo(HELLO);
    assertThat(pipeline.mimeType()).isEqualTo("application/yaml");

    long id =
        ok(client, "run_pipeline", Map.of("pipeline", "hello", "at", "1h")).get("id").asLong();
    String uri = "weft://runs/" + id;
    client.subscribeResource(McpSchema.SubscribeRequest.builder(uri).build());
    assertThat(read(client, uri).text()).contains("\"status\":\"pending\"");
    long first = Jsons.parse(read(client, uri).text()).at("/tasks/0/id").asLong();
    assertThat(read(client, "weft://tasks/" + first).text()).contains("\"id\":\"" + first + "\"");

    ok(client, "cancel_run", Map.of("run_id", id));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> updated.contains(uri));
    assertThat(read(client, uri).text()).contains("\"status\":\"cancelled\"");

    assertThatThrownBy(() -> read(client, "weft://runs/424242"))
        .isInstanceOfSatisfying(
            McpError.class,
            e -> {
              assertThat(e.getJsonRpcError().code())
                  .isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
              assertThat(e.getMessage()).contains("424242");
            });
    assertThatThrownBy(() -> read(client, "weft://pipelines/helo"))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("did you mean 'hello'?");
  }

  private static TextResourceContents read(McpSyncClient client, String uri) {
    return (TextResourceContents)
        client.readResource(McpSchema.ReadResourceRequest.builder(uri).build()).contents().get(0);
  }

  @Test
  void withoutATokenTheEndpointRefusesAndTheScopesOfTheTokenHold() throws Exception {
    Served.Reply raw =
        sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}", null);
    assertThat(raw.status()).isEqualTo(401);
    assertThat(raw.body().at("/error/code").asInt()).isEqualTo(-32001);
    assertThat(raw.body().at("/error/message").asText()).contains("no token");
    assertThatThrownBy(() -> client(null)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> client("not-a-token")).isInstanceOf(RuntimeException.class);

    String jwt = SecurityTest.jwt(SecurityTest.SECRET, "{\"sub\":\"carol\",\"scope\":\"read\"}");
    assertThat(ok(client(jwt), "list_runs", Map.of()).get("total").asInt()).isZero();
    McpSyncClient ada = client(SUBMIT);
    long adas = ok(ada, "run_pipeline", Map.of("pipeline", "hello", "at", "1h")).get("id").asLong();
    McpSyncClient bob = client(BOB);
    assertThatThrownBy(() -> read(bob, "weft://runs/" + adas))
        .isInstanceOfSatisfying(
            McpError.class,
            e ->
                assertThat(e.getJsonRpcError().code())
                    .isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND));
    assertThat(refused(bob, "get_run", Map.of("run_id", adas))).contains("No run");

    McpSyncClient reader = client(READ);
    assertThat(ok(reader, "list_runs", Map.of()).get("total").asInt()).isEqualTo(1);
    assertThat(refused(reader, "run_pipeline", Map.of("pipeline", "hello")))
        .contains("runs.submit needs the submit scope");
  }

  @Test
  void badInputGetsAClearErrorAndNeverAStackTrace() throws Exception {
    McpSyncClient client = client(SUBMIT);

    assertThat(refused(client, "run_pipeline", Map.of("pipeline", "helo")))
        .contains("No stored pipeline helo", "did you mean 'hello'?");
    assertThat(refused(client, "get_run", Map.of("run_id", "abc")))
        .contains("Invalid params: run_id");
    assertThat(refused(client, "get_run", Map.of())).contains("run_id");
    assertThat(refused(client, "run_pipeline", Map.of("manifest", HELLO, "wait_seconds", -1)))
        .contains("wait_seconds");
    String problems = refused(client, "run_pipeline", Map.of("manifest", "weft: 1\nname: [\n"));
    assertThat(problems).contains("problem", "line");
    assertThatThrownBy(() -> call(client, "no_such_tool", Map.of()))
        .isInstanceOfSatisfying(
            McpError.class,
            e -> {
              assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
              assertThat(String.valueOf(e.getJsonRpcError().data())).contains("no_such_tool");
            });

    Served.Reply garbage = sendRaw("{not json", SUBMIT);
    assertThat(garbage.status()).isBetween(400, 499);
    assertThat(garbage.text()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void thePromptAsksToRunAndReport() {
    McpSyncClient client = client(SUBMIT);
    assertThat(client.listPrompts().prompts())
        .extracting(McpSchema.Prompt::name)
        .containsExactly("run_and_report");
    McpSchema.GetPromptResult prompt =
        client.getPrompt(
            McpSchema.GetPromptRequest.builder("run_and_report")
                .arguments(Map.of("pipeline", "hello"))
                .build());
    assertThat(((TextContent) prompt.messages().get(0).content()).text())
        .contains("'hello'", "run_pipeline", "get_run", "task_logs");
    assertThatThrownBy(() ->
            client.getPrompt(
                McpSchema.GetPromptRequest.builder("run_and_report").arguments(Map.of()).build()))
        .isInstanceOfSatisfying(
            McpError.class,
            e -> {
              assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
              assertThat(e.getMessage()).contains("pipeline");
            });
  }

  @Test
  void aRequestNamingAnotherHostOrOriginIsRefused() throws Exception {
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", served.server.port())) {
      String request =
          "POST /mcp HTTP/1.1\r\nHost: evil.example.com\r\nAuthorization: Bearer "
              + SUBMIT
              + "\r\nContent-Type: application/json\r\n"
              + "Accept: application/json, text/event-stream\r\nConnection: close\r\n"
              + "Content-Length: "
              + init.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              + "\r\n\r\n"
              + init;
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String reply =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(reply).startsWith("HTTP/1.1 403").contains("Host evil.example.com");
    }
    HttpRequest.Builder fromAPage =
        HttpRequest.newBuilder(served.uri("/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Origin", "http://evil.example.com")
            .header("Authorization", "Bearer " + SUBMIT)
            .POST(HttpRequest.BodyPublishers.ofString(init));
    var refused =
        served.client.send(fromAPage.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("-32003", "Origin http://evil.example.com");
    assertThat(sendRaw(init, SUBMIT).status()).isEqualTo(200);
  }

  private Served.Reply sendRaw(String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(served.uri("/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response =
        served.client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().startsWith("{") ? Jsons.parse(response.body()) : null;
    return new Served.Reply(response.statusCode(), json, response.body());
  }
}
