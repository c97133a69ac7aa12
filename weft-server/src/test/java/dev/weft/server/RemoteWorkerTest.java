package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.core.CacheSpec;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeTypes;
import dev.weft.server.remote.RemoteWorkQueue;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.WorkerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A remote worker: an engine working through {@link RemoteWorkQueue} on a real server (port 0) and
 * store, on each database. It runs a pipeline to the end (logs, progress, checkpoints, the cache
 * and dependencies all through the server); its late outcome for a claim taken over is refused by
 * the store's fence; a bad token or one without the work scope is a clear error.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class RemoteWorkerTest {

  static final String WORKER = "worker-token-0123456789";
  static final String SUBMITTER = "submit-token-0123456789";

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private Served served;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void start() {
    ServerConfig config =
        ServerConfig.defaults()
            .withWork(false)
            .withAuth(
                List.of(
                    new ServerConfig.Token(WORKER, "ci", Set.of("work")),
                    new ServerConfig.Token(SUBMITTER, "ada", Set.of("submit"))),
                null);
    served = new Served(kind, dir, config);
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    served.close();
  }

  /** Logs a line, reports progress, saves a checkpoint and returns what it read back. */
  static final class ReportingType implements TaskNodeType {
    @Override
    public String name() {
      return "reporting";
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.builder().build();
    }

    @Override
    public TaskExecutor create(Node node) {
      return context -> {
        context.log("hello from " + node.id());
        context.progress(0.5, "half way");
        boolean saved = context.checkpoint(Map.of("at", node.id()));
        return Map.of("saved", saved, "inputs", context.inputs());
      };
    }
  }

  private static NodeTypes types() {
    return NodeTypes.of(new EchoType(), new ReportingType());
  }

  private TaskEngine remoteEngine(String token) {
    return TaskEngine.remote(
        RemoteWorkQueue.connect(served.server.uri().toString(), token),
        types(),
        EngineOptions.defaults().withConcurrency(4).withLease(Duration.ofSeconds(10)));
  }

  private long submit(Pipeline pipeline) {
    return served.store.createRun(RunPlans.plan(pipeline), Instant.now());
  }

  private static Pipeline pipeline() {
    return Pipeline.builder("remote")
        .node("a", "reporting")
        .node(
            "b",
            "echo",
            n ->
                n.with("message", "kept")
                    .tasks(t -> t.cache(new CacheSpec("auto", Duration.ofHours(1)))))
        .node("c", "reporting", n -> n.after("a", "b"))
        .build();
  }

  private TaskRecord awaitEnd(long run) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> served.store.task(run).orElseThrow(), t -> t.status().ended());
  }

  @Test
  void aRemoteWorkerRunsRunsToTheEndThroughTheServer() throws Exception {
    try (TaskEngine engine = remoteEngine(WORKER)) {
      Future<?> working =
          threads.submit(() -> {
            engine.work(RunListener.NONE, false);
            return null;
          });
      long first = submit(pipeline());
      assertThat(awaitEnd(first).status()).isEqualTo(TaskStatus.SUCCEEDED);
      long second = submit(pipeline()); // its b reuses the first run's kept result
      assertThat(awaitEnd(second).status()).isEqualTo(TaskStatus.SUCCEEDED);

      Map<String, TaskRecord> tasks =
          served.store.tasks(first).stream().collect(Collectors.toMap(TaskRecord::nodeId, t -> t));
      assertThat(Jsons.MAPPER.readTree(tasks.get("c").resultJson()))
          .as("c got a's and b's results as inputs, and its checkpoint was saved")
          .isEqualTo(
              Jsons.MAPPER.readTree(
                  "{\"saved\":true,\"inputs\":{\"a\":{\"saved\":true,\"inputs\":{}},"
                      + "\"b\":\"kept\"}}"));
      assertThat(served.store.logs(tasks.get("a").id()))
          .extracting(LogLine::message)
          .contains("hello from a");
      assertThat(served.store.checkpoint(tasks.get("a").id()).orElseThrow().stateJson())
          .isEqualTo("{\"at\":\"a\"}");
      assertThat(served.store.attempts(tasks.get("a").id()))
          .extracting(AttemptRecord::worker)
          .containsExactly(engine.workerId());
      assertThat(
              served.store.tasks(second).stream()
                  .filter(t -> t.nodeId().equals("b"))
                  .findFirst()
                  .orElseThrow()
                  .status())
          .isEqualTo(TaskStatus.CACHED);

      WorkerRecord listed =
          served.store.workers().stream()
              .filter(w -> w.id().equals(engine.workerId()))
              .findFirst()
              .orElseThrow();
      assertThat(listed.host()).as("where it connects from").endsWith(" via 127.0.0.1");
      assertThat(listed.types()).contains("echo", "reporting");

      engine.drain();
      working.get();
      assertThat(served.store.workers()).extracting(WorkerRecord::id).isEmpty();
    }
  }

  @Test
  void aRemoteWorkerRidesOutItsServerGoingAwayAndRegistersAgainWithTheNextOne() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    AtomicInteger back = new AtomicInteger();
    RunListener listener =
        new RunListener() {
          @Override
          public void connectionLost(String why) {
            lost.incrementAndGet();
          }

          @Override
          public void reconnected(Duration down) {
            back.incrementAndGet();
          }
        };
    int port = served.server.port();
    try (TaskEngine engine = remoteEngine(WORKER)) {
      Future<?> working =
          threads.submit(() -> {
            engine.work(listener, false);
            return null;
          });
      served.server.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> lost.get() == 1);
      long run = submit(pipeline()); // stored while no server serves the worker

      ServerConfig config =
          ServerConfig.defaults()
              .withWork(false)
              .withPort(port)
              .withAuth(List.of(new ServerConfig.Token(WORKER, "ci", Set.of("work"))), null);
      try (WeftServer next = WeftServer.start(config, served.store, types(), null)) {
        assertThat(next.port()).as("the address the worker knows").isEqualTo(port);
        assertThat(awaitEnd(run).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(back.get()).isEqualTo(1);
        assertThat(lost.get()).as("said once, however many calls failed").isEqualTo(1);
        assertThat(served.store.workers())
            .as("the new server did not know it: it registered again")
            .extracting(WorkerRecord::id)
            .containsExactly(engine.workerId());
        engine.drain();
        working.get();
      }
    }
  }

  @Test
  void aRemoteWorkersOutcomeForAClaimTakenOverIsRefused() {
    WorkQueue remote = RemoteWorkQueue.connect(served.server.uri().toString(), WORKER);
    Instant now = served.store.databaseTime();
    WorkerRecord worker =
        WorkerRecord.starting("remote-1", "ci", 1, now, 1, Duration.ofSeconds(1), null);
    remote.registerWorker(worker);
    long run =
        submit(Pipeline.builder("fenced").node("t", "echo", n -> n.with("message", 1)).build());
    ClaimedTask lost =
        remote
            .finishAndClaim(
                List.of(), "remote-1", null, 1, now, now.plusSeconds(1), Limits.NONE, root -> true)
            .claimed()
            .getFirst();

    // Its lease runs out; a worker on the database takes the task over as attempt 2.
    Instant later = now.plusSeconds(5);
    assertThat(served.store.recoverAbandoned(later, List.of())).isEqualTo(1);
    served.store.registerWorker(
        WorkerRecord.starting("db-1", "here", 2, later, 1, Duration.ofSeconds(30), null));
    ClaimedTask taken =
        served.store.claim("db-1", null, 1, later, later.plusSeconds(30)).getFirst();
    assertThat(taken.epoch()).isGreaterThan(lost.epoch());

    WorkQueue.Step late =
        remote.finishAndClaim(
            List.of(new Outcome.Succeeded(lost, "\"late\"")),
            "remote-1",
            null,
            0,
            later,
            later.plusSeconds(1),
            Limits.NONE,
            root -> true);
    assertThat(late.changes()).as("the late success changed nothing").isEmpty();
    TaskRecord task = served.store.task(lost.id()).orElseThrow();
    assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(task.resultJson()).isNull();
    assertThat(remote.checkpoint(lost, "{}", later)).as("nor may it checkpoint").isFalse();

    served.store.finish(List.of(new Outcome.Succeeded(taken, "\"new owner\"")), later);
    assertThat(served.store.task(lost.id()).orElseThrow().resultJson()).isEqualTo("\"new owner\"");
    assertThat(served.store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void aRemoteWorkerCannotReportOnAnotherWorkersClaim() {
    Instant now = served.store.databaseTime();
    WorkQueue first = RemoteWorkQueue.connect(served.server.uri().toString(), WORKER);
    WorkQueue second = RemoteWorkQueue.connect(served.server.uri().toString(), WORKER);
    first.registerWorker(
        WorkerRecord.starting("remote-1", "ci", 1, now, 1, Duration.ofSeconds(30), null));
    second.registerWorker(
        WorkerRecord.starting("remote-2", "ci", 2, now, 1, Duration.ofSeconds(30), null));
    long run = submit(Pipeline.builder("owned").node("t", "echo").build());
    ClaimedTask claim =
        first
            .finishAndClaim(
                List.of(), "remote-1", null, 1, now, now.plusSeconds(30), Limits.NONE, root -> true)
            .claimed()
            .getFirst();

    WorkQueue.Step forged =
        second.finishAndClaim(
            List.of(new Outcome.Succeeded(claim, "\"forged\"")),
            "remote-2",
            null,
            0,
            now,
            now.plusSeconds(30),
            Limits.NONE,
            root -> true);
    assertThat(forged.changes()).as("the right epoch, but not its claim").isEmpty();
    assertThat(second.checkpoint(claim, "{}", now)).isFalse();
    assertThat(served.store.task(claim.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);

    first.finishAndClaim(
        List.of(new Outcome.Succeeded(claim, "\"own\"")),
        "remote-1",
        null,
        0,
        now,
        now.plusSeconds(30),
        Limits.NONE,
        root -> true);
    assertThat(served.store.task(claim.id()).orElseThrow().resultJson()).isEqualTo("\"own\"");
    assertThat(served.store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void aBadTokenOrOneWithoutTheWorkScopeIsAClearError() {
    assertThatThrownBy(() -> remoteEngine("not-a-token-0123456789").close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refused worker.time: Unauthorized (the token is not valid)");
    assertThatThrownBy(() -> remoteEngine(SUBMITTER).close())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Forbidden: worker.time needs the work scope");
  }

  @Test
  void aRemoteWorkerServingCodeModulesIsRefused() {
    WorkQueue remote = RemoteWorkQueue.connect(served.server.uri().toString(), WORKER);
    WorkerRecord worker =
        WorkerRecord.starting("remote-2", "ci", 1, Instant.now(), 1, Duration.ofSeconds(30), null)
            .serving(List.of("modules.billing"), List.of());
    assertThatThrownBy(() -> remote.registerWorker(worker))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("a remote worker cannot run code modules");
    assertThat(served.store.workers()).isEmpty();
  }
}
