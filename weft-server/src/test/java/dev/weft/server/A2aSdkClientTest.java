package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.tasks.store.StoreFixture;
import io.a2a.client.Client;
import io.a2a.client.ClientEvent;
import io.a2a.client.TaskEvent;
import io.a2a.client.TaskUpdateEvent;
import io.a2a.client.config.ClientConfig;
import io.a2a.client.http.A2ACardResolver;
import io.a2a.client.http.JdkA2AHttpClient;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.jsonrpc.JSONRPCTransportConfig;
import io.a2a.client.transport.spi.interceptors.ClientCallContext;
import io.a2a.spec.A2AClientException;
import io.a2a.spec.AgentCard;
import io.a2a.spec.DataPart;
import io.a2a.spec.Message;
import io.a2a.spec.Task;
import io.a2a.spec.TaskArtifactUpdateEvent;
import io.a2a.spec.TaskIdParams;
import io.a2a.spec.TaskQueryParams;
import io.a2a.spec.TaskState;
import io.a2a.spec.TaskStatusUpdateEvent;
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
 * The official A2A Java SDK's 0.3 client against a real server: it reads the agent card, sends a
 * message naming a stored pipeline, gets the task, streams a message to the end of its run, and
 * cancels a running one.
 */
class A2aSdkClientTest {

  @TempDir Path dir;

  private Served served;
  private Client client;
  private final List<Task> received = new CopyOnWriteArrayList<>();
  private final ClientCallContext auth =
      new ClientCallContext(Map.of(), Map.of("Authorization", "Bearer " + A2aHttpTest.SUBMIT));

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("hello.yaml"), McpHttpTest.HELLO);
    Files.writeString(pipelines.resolve("slow.yaml"), A2aHttpTest.SLOW);
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults()
                .withPipelines(pipelines)
                .withAuth(
                    List.of(new ServerConfig.Token(A2aHttpTest.SUBMIT, "ada", Set.of("submit"))),
                    null));
    // Discovery comes before a version is agreed: the card is 1.0's unless the client asks for 0.3.
    AgentCard card =
        new A2ACardResolver(
                new JdkA2AHttpClient(),
                served.server.uri().toString(),
                null,
                Map.of("A2A-Version", "0.3"))
            .getAgentCard();
    client =
        Client.builder(card)
            .clientConfig(new ClientConfig.Builder().setStreaming(false).build())
            .withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig())
            .addConsumer((ClientEvent event, AgentCard c) -> {
              if (event instanceof TaskEvent t) {
                received.add(t.getTask());
              }
            })
            .build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    served.close();
  }

  private static Message message(String id, String pipeline) {
    return new Message.Builder()
        .role(Message.Role.USER)
        .messageId(id)
        .contextId("sdk-context")
        .parts(new DataPart(Map.of("pipeline", pipeline, "params", Map.of())))
        .build();
  }

  @Test
  void theCardNamesTheEndpointAndTheSkills() throws Exception {
    AgentCard card = client.getAgentCard(auth);
    assertThat(card.url()).isEqualTo(served.uri("/a2a").toString());
    assertThat(card.skills()).extracting(s -> s.id()).contains("pipeline:hello", "run-manifest");
    assertThat(card.capabilities().streaming()).isTrue();
  }

  @Test
  void sendsAMessageAndGetsItsTask() throws Exception {
    client.sendMessage(message("sdk-1", "hello"), auth);
    assertThat(received).hasSize(1);
    Task task = received.get(0);
    assertThat(task.getStatus().state()).isEqualTo(TaskState.COMPLETED);
    assertThat(task.getContextId()).isEqualTo("sdk-context");
    assertThat(task.getArtifacts()).extracting(a -> a.name()).containsExactly("greet", "after");
    Task got = client.getTask(new TaskQueryParams(task.getId()), auth);
    assertThat(got.getId()).isEqualTo(task.getId());
    assertThat(got.getHistory()).hasSize(1);
    assertThat(got.getHistory().get(0).getMessageId()).isEqualTo("sdk-1");
    assertThatThrownBy(() -> client.getTask(new TaskQueryParams("424242"), auth))
        .isInstanceOf(A2AClientException.class)
        .hasMessageContaining("424242");
  }

  @Test
  void streamsAMessageToTheEndOfItsRun() throws Exception {
    List<ClientEvent> events = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Client streaming =
        Client.builder(client.getAgentCard(auth))
            .clientConfig(new ClientConfig.Builder().setStreaming(true).build())
            .withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig())
            .build();
    try {
      streaming.sendMessage(
          message("sdk-3", "hello"),
          List.of((ClientEvent event, AgentCard c) -> events.add(event)),
          errors::add,
          auth);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              events.stream()
                  .anyMatch(e ->
                      e instanceof TaskUpdateEvent u
                          && u.getUpdateEvent() instanceof TaskStatusUpdateEvent s
                          && s.isFinal()));
      // Having the final event, the SDK cancels its own request: it reports that, and only that.
      assertThat(errors).allSatisfy(e -> assertThat(e).hasMessage("Request cancelled"));
      assertThat(events.getFirst()).isInstanceOf(TaskEvent.class);
      TaskUpdateEvent last = (TaskUpdateEvent) events.getLast();
      TaskStatusUpdateEvent end = (TaskStatusUpdateEvent) last.getUpdateEvent();
      assertThat(end.isFinal()).isTrue();
      assertThat(end.getStatus().state()).isEqualTo(TaskState.COMPLETED);
      assertThat(events)
          .filteredOn(e ->
              e instanceof TaskUpdateEvent u
                  && u.getUpdateEvent() instanceof TaskArtifactUpdateEvent)
          .hasSize(2);
      assertThat(last.getTask().getArtifacts())
          .extracting(a -> a.name())
          .containsExactly("greet", "after");
    } finally {
      streaming.close();
    }
  }

  @Test
  void cancelsARunningTask() throws Exception {
    ClientConfig immediate =
        new ClientConfig.Builder().setStreaming(false).setPolling(true).build();
    Client polling =
        Client.builder(client.getAgentCard(auth))
            .clientConfig(immediate)
            .withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig())
            .addConsumer((ClientEvent event, AgentCard c) -> {
              if (event instanceof TaskEvent t) {
                received.add(t.getTask());
              }
            })
            .build();
    try {
      polling.sendMessage(message("sdk-2", "slow"), auth);
      Task task = received.get(0);
      assertThat(task.getStatus().state().isFinal()).isFalse();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              polling.getTask(new TaskQueryParams(task.getId()), auth).getStatus().state()
                  == TaskState.WORKING);
      Task cancelled = polling.cancelTask(new TaskIdParams(task.getId()), auth);
      assertThat(cancelled.getStatus().state()).isEqualTo(TaskState.CANCELED);
      assertThatThrownBy(() -> polling.cancelTask(new TaskIdParams(task.getId()), auth))
          .isInstanceOf(A2AClientException.class);
    } finally {
      polling.close();
    }
  }
}
