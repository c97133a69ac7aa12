package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Defaults;
import dev.weft.core.Dependency;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.builtin.FailType;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.builtin.SleepType;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine on each real store, as {@code weft run} uses it. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class TaskEngineTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  @TempDir Path dir;

  private final Recorder recorder = new Recorder();
  private TaskStore store;
  private TaskEngine engine;

  @BeforeEach
  void open() {
    database = kind.create(dir);
    store = database.open();
    engine = engine(8);
  }

  private TaskEngine engine(int concurrency) {
    return engine(EngineOptions.defaults().withConcurrency(concurrency));
  }

  private TaskEngine engine(EngineOptions options) {
    NodeTypes types =
        NodeTypes.of(new NoopType(), new EchoType(), new SleepType(), new FailType(), recorder);
    return new TaskEngine(store, types, options);
  }

  @AfterEach
  void close() {
    engine.close();
    store.close();
    database.close();
  }

  private TaskRecord run(Pipeline p) throws InterruptedException {
    return engine.run(engine.submit(p), RunListener.NONE);
  }

  private Map<String, TaskRecord> tasks(TaskRecord run) {
    return store.tasks(run.id()).stream()
        .collect(Collectors.toMap(TaskRecord::nodeId, Function.identity()));
  }

  @Test
  void resultsOfDependenciesAreTheInputsOfATask() throws Exception {
    Pipeline p =
        Pipeline.builder("inputs")
            .node("a", "echo", n -> n.with("message", "A"))
            .node("b", "echo", n -> n.with("message", 2))
            .node("c", "echo", n -> n.after("a", "b"))
            .build();

    TaskRecord run = run(p);

    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(tasks(run).get("c").resultJson()).isEqualTo("{\"a\":\"A\",\"b\":2}");
  }

  @Test
  void aFailedAttemptIsRetriedAndEveryAttemptIsKept() throws Exception {
    Pipeline p =
        Pipeline.builder("retry")
            .node(
                "flaky",
                "fail",
                n -> n.with("attempts", 2L).retry(RetrySpec.fixed(3, Duration.ofMillis(5))))
            .build();

    TaskRecord run = run(p);

    TaskRecord flaky = tasks(run).get("flaky");
    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(flaky.attempt()).isEqualTo(3);
    assertThat(store.attempts(flaky.id()))
        .extracting(AttemptRecord::attempt, AttemptRecord::outcome, AttemptRecord::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "failed", "failed on purpose (attempt 1)"),
            org.assertj.core.groups.Tuple.tuple(2, "failed", "failed on purpose (attempt 2)"),
            org.assertj.core.groups.Tuple.tuple(3, "succeeded", null));
  }

  @Test
  void aFailureMakesRequiredDependentsUpstreamFailedAndOtherBranchesStillRun() throws Exception {
    Pipeline p =
        Pipeline.builder("cascade")
            .node("broken", "fail")
            .node("child", "noop", n -> n.after("broken"))
            .node("grandchild", "noop", n -> n.after("child"))
            .node("tolerant", "record", n -> n.after(Dependency.optional("broken")))
            .node("side", "record")
            .build();

    TaskRecord run = run(p);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(run.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("broken").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("child").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(tasks.get("child").error()).isEqualTo("broken failed");
    assertThat(tasks.get("grandchild").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(tasks.get("grandchild").error()).isEqualTo("child upstream-failed");
    assertThat(tasks.get("tolerant").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(recorder.ran).containsExactlyInAnyOrder("side", "tolerant");
  }

  @Test
  void higherPriorityRunsFirstAndEqualPrioritiesInOrder() throws Exception {
    engine.close();
    engine = engine(1);
    Pipeline p =
        Pipeline.builder("priorities")
            .node("low1", "record")
            .node("high", "record", n -> n.tasks(t -> t.priority(10)))
            .node("low2", "record")
            .node("mid", "record", n -> n.tasks(t -> t.priority(5)))
            .build();

    run(p);

    assertThat(recorder.ran).containsExactly("high", "mid", "low1", "low2");
  }

  @Test
  void aTimedOutAttemptIsInterruptedAndRetriedByItsPolicy() throws Exception {
    Pipeline p =
        Pipeline.builder("timeouts")
            .defaults(new Defaults(RetrySpec.immediate(2), Duration.ofMillis(50)))
            .node("slow", "sleep", n -> n.with("duration", "1h"))
            .build();

    TaskRecord run = run(p);

    TaskRecord slow = tasks(run).get("slow");
    assertThat(slow.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(slow.attempt()).isEqualTo(2);
    assertThat(slow.error()).startsWith("timed out after 50ms");
    assertThat(store.attempts(slow.id()))
        .extracting(AttemptRecord::error, AttemptRecord::outcome)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("timed out after 50ms", "timed-out"));
  }

  /**
   * Runs {@code p} on a test clock; an hour later retries its failed part (as {@code weft runs
   * retry RUN --failed} does) and runs it again. Checks the first run failed; returns the second.
   */
  private TaskRecord failThenRetryAnHourLater(Pipeline p) throws InterruptedException {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    try (TaskEngine timed = engine(EngineOptions.defaults().withClock(clock))) {
      TaskRecord first = timed.run(timed.submit(p), RunListener.NONE);
      assertThat(first.status()).isEqualTo(TaskStatus.FAILED);
      clock.advance(Duration.ofHours(1));
      store.retryFailed(first.id(), clock.instant());
      return timed.run(first.id(), RunListener.NONE);
    }
  }

  @Test
  void theEngineLogsItsRunsEventsAndPrunesThosePastTheirRetention() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    Pipeline p = Pipeline.builder("logged").node("only", "noop", n -> {}).build();
    try (TaskEngine timed =
        engine(EngineOptions.defaults().withClock(clock).withEventRetention(Duration.ofHours(1)))) {
      long old = timed.run(timed.submit(p), RunListener.NONE).id();
      assertThat(store.events(new dev.weft.tasks.store.Event.Query(0, old, null, 100)))
          .extracting(e -> e.kind().display() + " " + e.status().display())
          .containsExactly("run running", "task running", "task succeeded", "run succeeded");
      clock.advance(Duration.ofHours(2));

      long later = timed.run(timed.submit(p), RunListener.NONE).id();

      assertThat(store.events(new dev.weft.tasks.store.Event.Query(0, null, null, 100)))
          .as("the first run's events are past the retention")
          .extracting(dev.weft.tasks.store.Event::runId)
          .containsOnly(later);
    }
  }

  @Test
  void aRetriedRunGivesItsTasksANewRoundCountingMaxTimeFromIt() throws Exception {
    RetrySpec rule =
        new RetrySpec(
            2, RetrySpec.BackoffKind.NONE, Duration.ZERO, null, 1, 0, Duration.ofMinutes(1), null);
    Pipeline p =
        Pipeline.builder("rounds")
            .node("flaky", "fail", n -> n.with("attempts", 3L).retry(rule))
            .build();

    TaskRecord second = failThenRetryAnHourLater(p);

    assertThat(second.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(tasks(second).get("flaky").attempt()).isEqualTo(4);
  }

  @Test
  void aRetriedRunCountsItsRunTimeoutFromTheRetry() throws Exception {
    Pipeline p =
        Pipeline.builder("retried")
            .defaults(new Defaults(null, null, Duration.ofMinutes(1)))
            .node("flaky", "fail", n -> n.with("attempts", 1L))
            .build();

    TaskRecord second = failThenRetryAnHourLater(p);

    assertThat(second.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(second.error()).isNull();
  }

  @Test
  void manyParallelTasksAllRunExactlyOnce() throws Exception {
    Pipeline.Builder p = Pipeline.builder("wide").node("start", "record");
    for (int i = 0; i < 300; i++) {
      p.node("t" + i, "record", n -> n.after("start"));
    }
    p.node(
        "end",
        "record",
        n -> {
          for (int i = 0; i < 300; i++) {
            n.after("t" + i);
          }
        });

    TaskRecord run = run(p.build());

    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(recorder.ran)
        .hasSize(302)
        .doesNotHaveDuplicates()
        .startsWith("start")
        .endsWith("end");
  }

  @Test
  void aRunLeftByADeadProcessIsResumedAndItsRunningTaskRunsAgain() throws Exception {
    Pipeline p =
        Pipeline.builder("resume")
            .node("first", "record")
            .node("second", "record", n -> n.after("first"))
            .build();
    long runId = engine.submit(p);
    // A worker of a process that no longer exists claimed 'first' and died holding it.
    String deadWorker = "dead-host:1:x";
    store.registerWorker(
        dev.weft.tasks.store.WorkerRecord.starting(
            deadWorker, "dead-host", 1, java.time.Instant.EPOCH, 8, Duration.ofSeconds(30), null));
    store.claim(
        deadWorker, runId, 1, java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600));

    TaskRecord run = engine.run(runId, RunListener.NONE);

    TaskRecord first = tasks(run).get("first");
    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(recorder.ran).containsExactly("first", "second");
    assertThat(store.attempts(first.id()))
        .extracting(AttemptRecord::worker, AttemptRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(deadWorker, "abandoned"),
            org.assertj.core.groups.Tuple.tuple(engine.workerId(), "succeeded"));
  }

  /** Runs {@code runId} on another thread, returning once its task {@code node} is running. */
  private java.util.concurrent.Future<TaskRecord> runUntilRunning(long runId, String node) {
    var result =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> engine.run(runId, RunListener.NONE));
    org.awaitility.Awaitility.await()
        .until(
            () -> tasks(store.task(runId).orElseThrow()).get(node).status() == TaskStatus.RUNNING);
    return result;
  }

  @Test
  void aDrainingWorkerClaimsNothingMoreFinishesWhatItCanAndPutsBackTheRestAsNotStarted()
      throws Exception {
    engine.close();
    engine = engine(2);
    Pipeline p =
        Pipeline.builder("drain")
            .node("quick", "sleep", n -> n.with("duration", "300ms"))
            .node("slow", "sleep", n -> n.with("duration", "1h"))
            .node("later", "record", n -> n.after("quick"))
            .build();
    long runId = engine.submit(p);
    int[] released = {-1};
    var worker =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> {
              engine.work(
                  new RunListener() {
                    @Override
                    public void drained(int count) {
                      released[0] = count;
                    }
                  },
                  false,
                  Duration.ofSeconds(5));
              return null;
            });
    org.awaitility.Awaitility.await()
        .until(() ->
            tasks(store.task(runId).orElseThrow()).values().stream()
                    .filter(t -> t.status() == TaskStatus.RUNNING)
                    .count()
                == 2);

    engine.drain();
    worker.get(30, java.util.concurrent.TimeUnit.SECONDS);

    Map<String, TaskRecord> tasks = tasks(store.task(runId).orElseThrow());
    assertThat(tasks.get("quick").status())
        .as("finished within the grace")
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(tasks.get("later").status())
        .as("not claimed while draining")
        .isEqualTo(TaskStatus.READY);
    assertThat(tasks.get("slow").status()).as("put back for others").isEqualTo(TaskStatus.READY);
    assertThat(tasks.get("slow").attempt()).as("not counted as an attempt").isZero();
    assertThat(released[0]).isEqualTo(1);
    assertThat(store.workers()).extracting(w -> w.id()).doesNotContain(engine.workerId());
    assertThat(recorder.ran).isEmpty();
  }

  @Test
  void anIdleWorkerIsWokenByARunAnotherProcessStoresNotByItsNextPoll() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        kind == StoreFixture.Kind.POSTGRESQL, "only PostgreSQL tells other processes");
    engine.close();
    // Polls and heartbeats an hour apart: only a notification can wake it within the test.
    engine =
        engine(
            EngineOptions.defaults().withLease(Duration.ofHours(3)).withPoll(Duration.ofHours(1)));
    Pipeline p = Pipeline.builder("wake").node("a", "noop").build();
    long first = engine.submit(p);
    var worker =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> {
              engine.work(RunListener.NONE, false);
              return null;
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.task(first).orElseThrow().status() == TaskStatus.SUCCEEDED);

    long second;
    try (TaskStore other = database.open();
        TaskEngine submitter =
            new TaskEngine(other, NodeTypes.of(new NoopType()), EngineOptions.defaults())) {
      second = submitter.submit(p);
    }

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.task(second).orElseThrow().status() == TaskStatus.SUCCEEDED);
    engine.drain();
    worker.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aTaskLogsAndReportsProgressThroughItsContext() throws Exception {
    engine.close();
    TaskNodeType chatty =
        type(
            "chatty",
            context -> {
              context.log("starting attempt " + context.attempt());
              context.progress(0.5, "half way");
              context.warn("almost done");
              context.progress(2, "done"); // clamped to 1
              return null;
            });
    engine = new TaskEngine(store, NodeTypes.of(chatty), EngineOptions.defaults());

    TaskRecord run = run(Pipeline.builder("chatty").node("a", "chatty").build());
    TaskRecord task = store.tasks(run.id()).getFirst();

    assertThat(store.logs(task.id()))
        .extracting(l -> l.level() + " " + l.message())
        .containsExactly("info starting attempt 1", "warn almost done");
    assertThat(task.progress()).isEqualTo(1.0);
    assertThat(task.progressNote()).isEqualTo("done");
  }

  /** A task type without config that runs {@code executor}. */
  static TaskNodeType type(String name, TaskExecutor executor) {
    return new TaskNodeType() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a test type";
      }

      @Override
      public dev.weft.core.spi.ConfigSchema schema() {
        return dev.weft.core.spi.ConfigSchema.builder().build();
      }

      @Override
      public TaskExecutor create(dev.weft.core.Node node) {
        return executor;
      }
    };
  }

  @Test
  void aRetryResumesFromTheLastCheckpoint() throws Exception {
    engine.close();
    // Counts to 5, a checkpoint after each step; its first attempt fails after step 3.
    List<Integer> steps = java.util.Collections.synchronizedList(new ArrayList<>());
    TaskNodeType resumable =
        type(
            "resumable",
            context -> {
              int done = context.lastCheckpoint(Integer.class).orElse(0);
              for (int step = done + 1; step <= 5; step++) {
                steps.add(step);
                assertThat(context.checkpoint(step)).isTrue();
                if (context.attempt() == 1 && step == 3) {
                  throw new java.io.IOException("lost the network after step 3");
                }
              }
              return done;
            });
    engine = new TaskEngine(store, NodeTypes.of(resumable), EngineOptions.defaults());

    TaskRecord run =
        run(
            Pipeline.builder("resume")
                .node("count", "resumable", n -> n.retry(RetrySpec.immediate(2)))
                .build());

    TaskRecord task = store.tasks(run.id()).getFirst();
    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.resultJson()).as("the second attempt started after step").isEqualTo("3");
    assertThat(steps).containsExactly(1, 2, 3, 4, 5);
    assertThat(store.checkpoint(task.id()))
        .hasValueSatisfying(c -> {
          assertThat(c.stateJson()).isEqualTo("5");
          assertThat(c.attempt()).isEqualTo(2);
        });
  }

  @Test
  void cancellingARunStopsItsRunningTaskAndCancelsWhatWaits() throws Exception {
    Pipeline p =
        Pipeline.builder("cancel")
            .node("slow", "sleep", n -> n.with("duration", "1h").retry(RetrySpec.immediate(5)))
            .node("next", "record", n -> n.after("slow"))
            .build();
    long runId = engine.submit(p);
    var result = runUntilRunning(runId, "slow");

    try (TaskStore other = database.open()) {
      other.cancelRun(runId, java.time.Instant.now());
    }
    TaskRecord run = result.get(30, java.util.concurrent.TimeUnit.SECONDS);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks.get("slow").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks.get("slow").attempt()).as("not retried once cancelled").isEqualTo(1);
    assertThat(tasks.get("next").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(recorder.ran).isEmpty();
  }

  @Test
  void cancellingOneRunningTaskInterruptsItCancelsWhatRequiresItAndLetsTheRestRun()
      throws Exception {
    Pipeline p =
        Pipeline.builder("cancel-one")
            .node("slow", "sleep", n -> n.with("duration", "1h").retry(RetrySpec.immediate(5)))
            .node("next", "record", n -> n.after("slow"))
            .node("other", "record")
            .build();
    long runId = engine.submit(p);
    var result = runUntilRunning(runId, "slow");

    try (TaskStore other = database.open()) {
      other.cancelTask(tasks(other.task(runId).orElseThrow()).get("slow").id(), Instant.now());
    }
    TaskRecord run = result.get(30, java.util.concurrent.TimeUnit.SECONDS);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(run.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("slow").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks.get("slow").attempt()).as("not retried once cancelled").isEqualTo(1);
    assertThat(tasks.get("next").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks.get("other").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(recorder.ran).containsExactly("other");
  }

  @Test
  void aRunCancelledElsewhereWhileNothingOfItRunsEndsTheEngineLoop() throws Exception {
    engine.close();
    NodeTypes types = NodeTypes.of(new NoopType());
    // A global cap of 0: nothing is ever claimed, the run just waits.
    engine =
        new TaskEngine(
            store,
            types,
            EngineOptions.defaults()
                .withLimits(new dev.weft.tasks.store.Limits(0, null, null, Map.of())));
    long runId = engine.submit(Pipeline.builder("idle").node("a", "noop").build());
    var result =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> engine.run(runId, RunListener.NONE));

    try (TaskStore other = database.open()) {
      other.cancelRun(runId, java.time.Instant.now());
    }

    assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
        .isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks(store.task(runId).orElseThrow()).get("a").status())
        .isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void anOpenCircuitBreakerRefusesAttemptsOfItsTypeWithoutRunningThem() throws Exception {
    engine.close();
    int[] executions = {0};
    TaskNodeType boom =
        new TaskNodeType() {
          @Override
          public String name() {
            return "boom";
          }

          @Override
          public TaskExecutor create(dev.weft.core.Node node) {
            return context -> {
              executions[0]++;
              throw new IllegalStateException("down");
            };
          }
        };
    engine =
        new TaskEngine(
            store,
            NodeTypes.of(boom, recorder),
            EngineOptions.defaults()
                .withConcurrency(1)
                .withBreaker(new EngineOptions.Breaker(2, Duration.ofHours(1))));
    Pipeline.Builder p = Pipeline.builder("breaker");
    for (int i = 0; i < 4; i++) {
      p.node("b" + i, "boom");
    }
    p.node("other", "record");

    TaskRecord run = run(p.build());

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(executions[0]).isEqualTo(2);
    assertThat(tasks.get("b2").error()).startsWith("the circuit breaker for type 'boom' is open");
    assertThat(tasks.get("b3").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("other").status())
        .as("other types are not affected")
        .isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void resumingAnEndedRunReturnsAtOnce() throws Exception {
    TaskRecord run = run(Pipeline.builder("done").node("a", "noop").build());

    assertThat(engine.run(run.id(), RunListener.NONE).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(store.runs(10)).extracting(TaskRecord::id).containsExactly(run.id());
  }

  @Test
  void builtInTypesAreFoundThroughTheServiceLoader() {
    NodeTypes types = NodeTypes.load();
    assertThat(List.of("noop", "echo", "sleep", "fail"))
        .allSatisfy(name -> assertThat(types.find(name, TaskNodeType.class)).isPresent());
  }
}
