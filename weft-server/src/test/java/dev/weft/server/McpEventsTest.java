package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MCP's change and progress notifications come from the store's event log: a server that works no
 * tasks itself tells its MCP clients of a run that another engine, on its own store on the same
 * database, works to its end.
 */
class McpEventsTest {

  static final String CHAIN =
      "weft: 1\nname: chain\nkind: tasks\nnodes:\n  - id: one\n    type: echo\n"
          + "    with: {message: '1'}\n  - id: two\n    type: echo\n    after: [one]\n"
          + "    with: {message: '2'}\n  - id: three\n    type: echo\n    after: [two]\n"
          + "    with: {message: '3'}\n";

  @TempDir Path dir;

  private Served served;
  private TaskStore otherStore;
  private TaskEngine other;
  private Thread otherWorker;
  private McpSyncClient client;
  private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final List<String> updated = new CopyOnWriteArrayList<>();

  private void start(StoreFixture.Kind kind) throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("chain.yaml"), CHAIN);
    served =
        new Served(kind, dir, ServerConfig.defaults().withWork(false).withPipelines(pipelines));
    client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(served.server.uri().toString())
                    .endpoint("/mcp")
                    .openConnectionOnStartup(true)
                    .build())
            .requestTimeout(Duration.ofSeconds(60))
            .progressConsumer(progress::add)
            .resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri())))
            .build();
    client.initialize();
  }

  /** Another engine, on a store of its own on the same database, works its tasks from now on. */
  private void startTheOtherEngine() {
    otherStore = served.database.open();
    other =
        new TaskEngine(otherStore, NodeTypes.load(), EngineOptions.defaults().withConcurrency(2));
    otherWorker =
        Thread.ofPlatform()
            .name("other-engine")
            .start(() -> {
              try {
                other.work(RunListener.NONE, false, Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.closeGracefully();
    }
    if (other != null) {
      other.drain();
      otherWorker.join(Duration.ofSeconds(40));
      other.close();
      otherStore.close();
    }
    if (served != null) {
      served.close();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreFixture.Kind.class)
  void aSubscriberHearsOfARunThatAnotherEngineWorks(StoreFixture.Kind kind) throws Exception {
    start(kind);
    JsonNode run =
        Jsons.MAPPER.valueToTree(
            client
                .callTool(
                    CallToolRequest.builder("run_pipeline")
                        .arguments(Map.of("pipeline", "chain"))
                        .build())
                .structuredContent());
    String runUri = "weft://runs/" + run.get("id").asText();
    String lastTask = "weft://tasks/" + run.at("/tasks/2/id").asText();
    client.subscribeResource(McpSchema.SubscribeRequest.builder(runUri).build());
    client.subscribeResource(McpSchema.SubscribeRequest.builder(lastTask).build());
    assertThat(read(runUri)).contains("\"status\":\"pending\""); // nothing works it yet

    startTheOtherEngine();

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> updated.contains(lastTask) && read(runUri).contains("\"succeeded\""));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> updated.contains(runUri));
    assertThat(updated).containsOnly(runUri, lastTask); // only what this session subscribed to
  }

  @ParameterizedTest
  @EnumSource(StoreFixture.Kind.class)
  void aFollowedRunReportsEachTaskEndedByAnotherEngine(StoreFixture.Kind kind) throws Exception {
    start(kind);
    startTheOtherEngine();

    CallToolResult result =
        client.callTool(
            CallToolRequest.builder("run_pipeline")
                .arguments(Map.of("pipeline", "chain"))
                .progressToken("chain-1")
                .build());

    assertThat(result.isError()).as("%s", result).isNotEqualTo(true);
    JsonNode run = Jsons.MAPPER.valueToTree(result.structuredContent());
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    // each task's end is told, though the three end within moments of each other (the SDK's sync
    // client hands each notification to the consumer on a thread of its own: their order is not,
    // and the last may reach it after the tool's answer)
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> {
          assertThat(progress).extracting(ProgressNotification::progress).contains(1.0, 2.0, 3.0);
          assertThat(progress)
              .extracting(ProgressNotification::message)
              .contains("3 of 3 tasks ended; the run is succeeded");
        });
    assertThat(progress)
        .allSatisfy(p -> {
          assertThat(p.total()).isEqualTo(3.0);
          assertThat(p.message()).startsWith(p.progress().intValue() + " of 3 tasks ended");
        });
  }

  private String read(String uri) {
    return ((TextResourceContents)
            client
                .readResource(McpSchema.ReadResourceRequest.builder(uri).build())
                .contents()
                .get(0))
        .text();
  }
}
