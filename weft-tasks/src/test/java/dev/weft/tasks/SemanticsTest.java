package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.FailType;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.builtin.SleepType;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Conditions, always-run, continue-on-failure and optional inputs, on each real store. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class SemanticsTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  @TempDir Path dir;

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final Map<String, String> missing = new java.util.concurrent.ConcurrentHashMap<>();
  private TaskStore store;
  private TaskEngine engine;

  /** Records that it ran, and which inputs it missed; returns its node id. */
  private final TaskNodeType record =
      new TaskNodeType() {
        @Override
        public String name() {
          return "record";
        }

        @Override
        public ConfigSchema schema() {
          return ConfigSchema.EMPTY;
        }

        @Override
        public TaskExecutor create(Node node) {
          return context -> {
            ran.add(node.id());
            missing.put(node.id(), String.join(",", context.missing()));
            return node.id();
          };
        }
      };

  @BeforeEach
  void open() {
    database = kind.create(dir);
    store = database.open();
    engine =
        new TaskEngine(
            store,
            NodeTypes.of(record, new NoopType(), new FailType(), new SleepType()),
            EngineOptions.defaults().withConcurrency(1));
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

  private Map<String, TaskStatus> statuses(TaskRecord run) {
    return store.tasks(run.id()).stream()
        .collect(Collectors.toMap(TaskRecord::nodeId, TaskRecord::status));
  }

  @Test
  void aFalseConditionSkipsTheTaskAndWhatRequiresItButNotWhatOnlyOptionallyWaits()
      throws Exception {
    Pipeline p =
        Pipeline.builder("conditions")
            .param("env", "dev")
            .node("build", "record")
            .node(
                "publish",
                "record",
                n -> n.after("build").tasks(t -> t.when("params.env == 'prod'")))
            .node("announce", "record", n -> n.after("publish"))
            .node("tidy", "record", n -> n.after(Dependency.optional("publish")))
            .build();

    TaskRecord run = run(p);

    assertThat(statuses(run))
        .containsEntry("publish", TaskStatus.SKIPPED)
        .containsEntry("announce", TaskStatus.SKIPPED)
        .containsEntry("tidy", TaskStatus.SUCCEEDED);
    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(ran).containsExactly("build", "tidy");
    assertThat(missing.get("tidy")).isEqualTo("publish");
    assertThat(store.tasks(run.id()).stream().filter(t -> t.nodeId().equals("publish")))
        .singleElement()
        .extracting(TaskRecord::error)
        .isEqualTo("condition is false: params.env == 'prod'");
  }

  @Test
  void aConditionReadsUpstreamStatusesAndResults() throws Exception {
    Pipeline p =
        Pipeline.builder("reads")
            .node("lint", "fail")
            .node("build", "record")
            .node(
                "report-lint",
                "record",
                n ->
                    n.after(Dependency.optional("lint"))
                        .after("build")
                        .tasks(t -> t.when("status.lint == 'failed' && results.build == 'build'")))
            .build();

    TaskRecord run = run(p);

    assertThat(statuses(run)).containsEntry("report-lint", TaskStatus.SUCCEEDED);
    assertThat(missing.get("report-lint")).isEqualTo("lint");
  }

  @Test
  void anAlwaysTaskRunsAfterAFailureAndTheRunStillFails() throws Exception {
    Pipeline p =
        Pipeline.builder("always")
            .node("deploy", "fail")
            .node("verify", "record", n -> n.after("deploy"))
            .node("notify", "record", n -> n.after("verify").tasks(t -> t.always(true)))
            .build();

    TaskRecord run = run(p);

    assertThat(statuses(run))
        .containsEntry("verify", TaskStatus.UPSTREAM_FAILED)
        .containsEntry("notify", TaskStatus.SUCCEEDED);
    assertThat(run.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(ran).containsExactly("notify");
  }

  @Test
  void anAlwaysTaskRunsWhenTheRunIsCancelled() throws Exception {
    Pipeline p =
        Pipeline.builder("cancel")
            .node("slow", "sleep", n -> n.with("duration", "1h"))
            .node("next", "record", n -> n.after("slow"))
            .node("teardown", "record", n -> n.after("next").tasks(t -> t.always(true)))
            .build();
    long runId = engine.submit(p);
    var result =
        java.util.concurrent.Executors.newSingleThreadExecutor()
            .submit(() -> engine.run(runId, RunListener.NONE));
    org.awaitility.Awaitility.await()
        .until(() -> store.tasks(runId).stream().anyMatch(t -> t.status() == TaskStatus.RUNNING));

    store.cancelRun(runId, java.time.Instant.now());
    TaskRecord run = result.get(30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(statuses(run))
        .containsEntry("slow", TaskStatus.CANCELLED)
        .containsEntry("next", TaskStatus.CANCELLED)
        .containsEntry("teardown", TaskStatus.SUCCEEDED);
    assertThat(ran).containsExactly("teardown");
  }

  @Test
  void continueOnFailureLetsDependentsRunAndTheRunSucceedsWithFailures() throws Exception {
    Pipeline p =
        Pipeline.builder("tolerant")
            .node("lint", "fail", n -> n.tasks(t -> t.continueOnFailure(true)))
            .node("build", "record", n -> n.after("lint"))
            .build();

    TaskRecord run = run(p);

    assertThat(statuses(run))
        .containsEntry("lint", TaskStatus.FAILED)
        .containsEntry("build", TaskStatus.SUCCEEDED);
    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED_WITH_FAILURES);
    assertThat(missing.get("build")).isEqualTo("lint");
  }

  @Test
  void skippedAndToleratedOutcomesHoldAfterAResume() throws Exception {
    Pipeline p =
        Pipeline.builder("durable")
            .node("a", "record", n -> n.tasks(t -> t.when("false")))
            .node("b", "fail", n -> n.tasks(t -> t.continueOnFailure(true)))
            .node("c", "record", n -> n.after("b"))
            .build();
    long runId = engine.submit(p);
    engine.run(runId, RunListener.NONE);
    engine.close();
    store.close();

    store = database.open();
    engine = new TaskEngine(store, NodeTypes.of(record, new FailType()), EngineOptions.defaults());
    TaskRecord again = engine.run(runId, RunListener.NONE);

    assertThat(again.status()).isEqualTo(TaskStatus.SUCCEEDED_WITH_FAILURES);
    assertThat(statuses(again)).containsEntry("a", TaskStatus.SKIPPED);
    assertThat(
            store.tasks(runId).stream()
                .collect(Collectors.toMap(TaskRecord::nodeId, Function.identity()))
                .get("c")
                .attempt())
        .isEqualTo(1);
  }

  @Test
  void aRunPastItsRunTimeoutIsCancelledAndItsAlwaysTasksStillRun() throws Exception {
    Pipeline p =
        Pipeline.builder("slow-run")
            .defaults(new dev.weft.core.Defaults(null, null, java.time.Duration.ofMillis(200)))
            .node("slow", "sleep", n -> n.with("duration", "1h"))
            .node("cleanup", "record", n -> n.after("slow").tasks(t -> t.always(true)))
            .build();

    TaskRecord run = run(p);

    assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(run.error()).isEqualTo("the run timed out after 200ms");
    assertThat(statuses(run))
        .containsEntry("slow", TaskStatus.CANCELLED)
        .containsEntry("cleanup", TaskStatus.SUCCEEDED);
  }
}
