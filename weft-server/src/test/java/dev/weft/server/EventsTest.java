package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** GET /events through a real HTTP client reading the stream, on each database. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
@Timeout(60)
class EventsTest {

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  private static final String ADA = "ada-token-0123456789";
  private static final String BOB = "bob-token-0123456789";
  private static final String ROOT = "root-token-0123456789";

  /** Two tasks, the second after the first. */
  private static RunPlan chain() {
    return new RunPlan(
        "chain",
        "{}",
        List.of(
            new RunPlan.Task("first", "noop", 0, null, new int[0], new boolean[0]),
            new RunPlan.Task("second", "noop", 0, null, new int[] {0}, new boolean[] {true})));
  }

  /** Claims and succeeds every ready task of the run, once. */
  private static void step(TaskStore store, long run) {
    Instant now = Instant.now();
    for (ClaimedTask t : store.claim("w", run, 10, now, now.plusSeconds(30))) {
      store.finish(List.of(new Outcome.Succeeded(t, null)), now);
    }
  }

  private static long id(Sse.Message m) {
    return Long.parseLong(m.id());
  }

  @Test
  void aClientResumingAfterARestartGetsExactlyTheEventsItMissed() throws Exception {
    StoreFixture database = kind.create(dir);
    long run;
    long lastSeen;
    try (TaskStore store = database.open()) {
      run = store.createRun(chain(), Instant.now());
      step(store, run); // run running, first running, first succeeded
      try (WeftServer server =
              WeftServer.start(ServerConfig.defaults().withPort(0), store, NodeTypes.load(), null);
          Sse events = Sse.get(client, server.uri().resolve("/events"), Map.of())) {
        assertThat(events.response.statusCode()).isEqualTo(200);
        assertThat(events.response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Sse.Message> read = events.next(2);
        assertThat(read).extracting(Sse.Message::event).containsExactly("run", "task");
        JsonNode first = Jsons.MAPPER.readTree(read.getFirst().data());
        assertThat(first.get("run_id").asLong()).isEqualTo(run);
        assertThat(first.get("status").asText()).isEqualTo("running");
        assertThat(first.get("id").asLong()).isEqualTo(id(read.getFirst()));
        lastSeen = id(read.getLast());
      }
      // The server is gone; the run goes on.
      step(store, run);
    }
    try (TaskStore store = database.open()) {
      List<Long> missed =
          store.events(new Event.Query(lastSeen, null, null, 100)).stream().map(Event::id).toList();
      assertThat(missed).hasSize(4); // first succeeded, second running and succeeded, run ended
      try (WeftServer server =
              WeftServer.start(ServerConfig.defaults().withPort(0), store, NodeTypes.load(), null);
          Sse events =
              Sse.get(
                  client,
                  server.uri().resolve("/events"),
                  Map.of("Last-Event-ID", String.valueOf(lastSeen)))) {
        List<Sse.Message> resumed = events.next(missed.size());
        assertThat(resumed).extracting(EventsTest::id).containsExactlyElementsOf(missed);
        assertThat(Jsons.MAPPER.readTree(resumed.getLast().data()).get("status").asText())
            .isEqualTo("succeeded");

        long later = store.createRun(chain(), Instant.now());
        Sse.Message live = events.next();
        assertThat(id(live)).as("the next one, live, no duplicate").isGreaterThan(missed.getLast());
        assertThat(Jsons.MAPPER.readTree(live.data()).get("run_id").asLong()).isEqualTo(later);
      }
    } finally {
      database.close();
    }
  }

  @Test
  void eachUserSeesTheirOwnRunsAndFiltersAndBadParamsAreAnswered() throws Exception {
    StoreFixture database = kind.create(dir);
    try (TaskStore store = database.open();
        WeftServer server =
            WeftServer.start(
                ServerConfig.defaults()
                    .withPort(0)
                    .withAuth(
                        List.of(
                            new ServerConfig.Token(ADA, "ada", Set.of("read")),
                            new ServerConfig.Token(BOB, "bob", Set.of("read")),
                            new ServerConfig.Token(ROOT, "root", Set.of("admin"))),
                        null),
                store,
                NodeTypes.load(),
                null)) {
      Instant now = Instant.now();
      long ada = store.createRun(chain(), now, now, TaskStore.NewRun.ownedBy("ada"));
      long bob = store.createRun(chain(), now, now, TaskStore.NewRun.ownedBy("bob"));
      step(store, bob);
      step(store, ada);

      try (Sse adas = Sse.get(client, server.uri().resolve("/events"), bearer(ADA))) {
        List<Sse.Message> events = adas.next(3);
        for (Sse.Message m : events) {
          assertThat(Jsons.MAPPER.readTree(m.data()).get("run_id").asLong()).isEqualTo(ada);
        }
      }
      try (Sse bobRun =
          Sse.get(client, server.uri().resolve("/events?run=" + bob + "&after=1"), bearer(ROOT))) {
        List<Sse.Message> events = bobRun.next(2);
        assertThat(events).allSatisfy(m -> assertThat(id(m)).isGreaterThan(1));
        assertThat(Jsons.MAPPER.readTree(events.getFirst().data()).get("run_id").asLong())
            .isEqualTo(bob);
      }
      try (Sse byUser = Sse.get(client, server.uri().resolve("/events?user=bob"), bearer(ROOT))) {
        assertThat(Jsons.MAPPER.readTree(byUser.next().data()).get("user").asText())
            .isEqualTo("bob");
      }

      assertThat(status(server, "/events?user=bob", ADA)).isEqualTo(403);
      assertThat(status(server, "/events", null)).isEqualTo(401);
      assertThat(status(server, "/events", "wrong-token-0123456789")).isEqualTo(401);
      Served.Reply bad = reply(server, "/events?after=abc", ADA);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body().at("/error/code").asInt()).isEqualTo(Errors.INVALID_PARAMS);
      assertThat(bad.body().at("/error/data/field").asText()).isEqualTo("after");
    } finally {
      database.close();
    }
  }

  @Test
  void afterLatestStartsWithTheNextChange() throws Exception {
    StoreFixture database = kind.create(dir);
    try (TaskStore store = database.open();
        WeftServer server =
            WeftServer.start(ServerConfig.defaults().withPort(0), store, NodeTypes.load(), null)) {
      long earlier = store.createRun(chain(), Instant.now());
      step(store, earlier);
      try (Sse events = Sse.get(client, server.uri().resolve("/events?after=latest"), Map.of())) {
        assertThat(events.response.statusCode()).isEqualTo(200);
        long later = store.createRun(chain(), Instant.now());
        Sse.Message first = events.next();
        assertThat(Jsons.MAPPER.readTree(first.data()).get("run_id").asLong())
            .as("none of the earlier run's events")
            .isEqualTo(later);
      }
    } finally {
      database.close();
    }
  }

  @Test
  void aQuietStreamSendsHeartbeatComments() throws Exception {
    StoreFixture database = kind.create(dir);
    try (TaskStore store = database.open();
        WeftServer server =
            WeftServer.start(
                ServerConfig.defaults().withPort(0).withLimits(1 << 20, 100, Duration.ofSeconds(1)),
                store,
                NodeTypes.load(),
                null);
        Sse events = Sse.get(client, server.uri().resolve("/events"), Map.of())) {
      for (int i = 0; i < 3; i++) {
        assertThat(events.nextComment()).isEqualTo(": heartbeat");
      }
      // Three heartbeats apart take longer than the 1 s idle timeout: the stream is still open.
      long run = store.createRun(chain(), Instant.now());
      assertThat(Jsons.MAPPER.readTree(events.next().data()).get("run_id").asLong()).isEqualTo(run);
    } finally {
      database.close();
    }
  }

  @Test
  void tasksExecuteWithStreamingAnswersTheRunsEventsUntilItEnds() throws Exception {
    try (Served served = new Served(kind, dir, ServerConfig.defaults())) {
      String request =
          "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tasks.execute\","
              + " \"params\": {\"use_streaming\": true, \"tasks\": "
              + TaskApiTest.TREE
              + "}}";
      try (Sse stream = Sse.post(served.client, served.uri("/rpc"), request)) {
        assertThat(stream.response.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Sse.Message first = stream.next();
        assertThat(first.event()).isEqualTo("response");
        JsonNode response = Jsons.MAPPER.readTree(first.data());
        assertThat(response.get("id").asInt()).isEqualTo(7);
        assertThat(response.at("/result/success").asBoolean()).isTrue();
        assertThat(response.at("/result/streaming").asBoolean()).isTrue();
        long run = response.at("/result/root_task_id").asLong();
        List<JsonNode> events = new java.util.ArrayList<>();
        for (Sse.Message m; (m = stream.next()) != null; ) {
          events.add(Jsons.MAPPER.readTree(m.data()));
        }

        assertThat(events)
            .isNotEmpty()
            .allSatisfy(e -> assertThat(e.get("run_id").asLong()).isEqualTo(run));
        assertThat(events.getFirst().get("kind").asText()).isEqualTo("run");
        assertThat(events.getFirst().get("status").asText()).isEqualTo("running");
        JsonNode end = events.getLast();
        assertThat(end.get("kind").asText() + " " + end.get("status").asText())
            .as("the stream ends with the run")
            .isEqualTo("run succeeded");
        assertThat(
                events.stream()
                    .filter(e -> e.get("kind").asText().equals("task"))
                    .filter(e -> e.get("status").asText().equals("succeeded")))
            .hasSize(served.store.tasks(run).size());
      }
    }
  }

  @Test
  void inABatchUseStreamingIsAnsweredAsJson() {
    try (Served served = new Served(kind, dir, ServerConfig.defaults())) {
      Served.Reply reply =
          served.post(
              "[{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tasks.execute\","
                  + " \"params\": {\"use_streaming\": true, \"tasks\": "
                  + TaskApiTest.TREE
                  + "}}]");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().isArray()).isTrue();
      assertThat(reply.body().get(0).at("/result/success").asBoolean()).isTrue();
    }
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private int status(WeftServer server, String path, String token) throws Exception {
    return reply(server, path, token).status();
  }

  private Served.Reply reply(WeftServer server, String path, String token) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(server.uri().resolve(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response =
        client.send(request.GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode body = response.body().startsWith("{") ? Jsons.MAPPER.readTree(response.body()) : null;
    return new Served.Reply(response.statusCode(), body, response.body());
  }
}
