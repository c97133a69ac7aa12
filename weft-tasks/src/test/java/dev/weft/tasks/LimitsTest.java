package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.builtin.SleepType;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 200 ready tasks at once under caps per user, per type and in all: every task runs (none is
 * rejected), and the recorded start and end times of the attempts never show a cap exceeded.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class LimitsTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    database = kind.create(dir);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @TempDir Path dir;

  @Test
  void capsHoldUnderManyReadyTasksAndNoTaskIsRejected() throws Exception {
    Pipeline.Builder p = Pipeline.builder("limits");
    for (int i = 0; i < 200; i++) {
      String user = i % 2 == 0 ? "ada" : "bob";
      String type = i % 3 == 0 ? "noop" : "sleep";
      p.node(
          "t" + i,
          type,
          n ->
              n.tasks(t -> t.user(user))
                  .with(type.equals("sleep") ? Map.of("duration", "3ms") : Map.of()));
    }
    Limits limits = new Limits(6, 4, null, Map.of("sleep", 3));
    List<TaskRecord> tasks;
    Map<Long, List<AttemptRecord>> attempts = new HashMap<>();
    try (TaskStore store = database.open();
        TaskEngine engine =
            new TaskEngine(
                store,
                NodeTypes.of(new NoopType(), new SleepType()),
                EngineOptions.defaults().withConcurrency(64).withLimits(limits))) {
      TaskRecord run = engine.run(engine.submit(p.build()), RunListener.NONE);
      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      tasks = store.tasks(run.id());
      for (TaskRecord t : tasks) {
        attempts.put(t.id(), store.attempts(t.id()));
      }
    }

    assertThat(tasks).hasSize(200).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    assertThat(maxRunning(tasks, attempts, t -> "all")).isLessThanOrEqualTo(6);
    assertThat(maxRunning(tasks, attempts, TaskRecord::user)).isLessThanOrEqualTo(4);
    assertThat(
            maxRunning(
                tasks.stream().filter(t -> t.type().equals("sleep")).toList(),
                attempts,
                t -> "sleep"))
        .isLessThanOrEqualTo(3);
    assertThat(maxRunning(tasks, attempts, t -> "all"))
        .as("the caps were reached, not avoided")
        .isGreaterThan(1);
  }

  @Test
  void exclusiveKeysAndNamedLimitersHoldAcrossManyConcurrentRuns() throws Exception {
    List<TaskRecord> tasks = new ArrayList<>();
    Map<Long, List<AttemptRecord>> attempts = new HashMap<>();
    try (TaskStore store = database.open();
        TaskEngine engine =
            new TaskEngine(
                store,
                NodeTypes.of(new SleepType()),
                EngineOptions.defaults().withConcurrency(16))) {
      List<Long> runs = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        Pipeline.Builder p =
            Pipeline.builder("release-" + r)
                .limits(new dev.weft.core.RunLimits(null, Map.of(), Map.of("gpu", 2)));
        for (int i = 0; i < 6; i++) {
          p.node(
              "deploy" + i,
              "sleep",
              n -> n.with("duration", "4ms").tasks(t -> t.exclusive("deploy-prod")));
          p.node("train" + i, "sleep", n -> n.with("duration", "4ms").tasks(t -> t.limit("gpu")));
          p.node("free" + i, "sleep", n -> n.with("duration", "4ms"));
        }
        runs.add(engine.submit(p.build()));
      }
      engine.work(RunListener.NONE, true);
      for (long run : runs) {
        assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
        tasks.addAll(store.tasks(run));
      }
      for (TaskRecord t : tasks) {
        attempts.put(t.id(), store.attempts(t.id()));
      }
    }
    List<TaskRecord> deploys = tasks.stream().filter(t -> t.nodeId().startsWith("deploy")).toList();
    List<TaskRecord> training = tasks.stream().filter(t -> t.nodeId().startsWith("train")).toList();

    assertThat(tasks).hasSize(72).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    assertThat(maxRunning(deploys, attempts, t -> "deploy-prod")).isEqualTo(1);
    assertThat(maxRunning(training, attempts, t -> "gpu")).isLessThanOrEqualTo(2);
    assertThat(maxRunning(tasks, attempts, t -> "all"))
        .as("other tasks ran alongside")
        .isGreaterThan(2);
  }

  @Test
  void aRateLimitHoldsWithinOneTokenOverEveryWindow() throws Exception {
    double perSecond = 25;
    int burst = 3;
    Pipeline.Builder p = Pipeline.builder("rated");
    for (int i = 0; i < 30; i++) {
      p.node(
          "call" + i,
          "noop",
          n -> n.tasks(t -> t.rate(new dev.weft.core.RateSpec("partner-api", perSecond, burst))));
    }
    List<Long> starts = new ArrayList<>();
    try (TaskStore store = database.open();
        TaskEngine engine =
            new TaskEngine(
                store, NodeTypes.of(new NoopType()), EngineOptions.defaults().withConcurrency(8))) {
      TaskRecord run = engine.run(engine.submit(p.build()), RunListener.NONE);
      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      for (TaskRecord t : store.tasks(run.id())) {
        starts.add(store.attempts(t.id()).getFirst().startedAt().toEpochMilli());
      }
    }
    java.util.Collections.sort(starts);

    for (int i = 0; i < starts.size(); i++) {
      for (int j = i; j < starts.size(); j++) {
        double allowed = burst + (starts.get(j) - starts.get(i)) / 1000.0 * perSecond;
        assertThat(j - i + 1.0)
            .as("starts %d..%d within %d ms", i, j, starts.get(j) - starts.get(i))
            .isLessThanOrEqualTo(allowed + 1);
      }
    }
  }

  /**
   * The most attempts of one group running at the same moment, from the stored times: an attempt
   * runs over [start, end). Stored ends come a little after the real ends, so this can only
   * overstate overlaps.
   */
  private static int maxRunning(
      List<TaskRecord> tasks,
      Map<Long, List<AttemptRecord>> attempts,
      Function<TaskRecord, String> group) {
    Map<String, List<long[]>> events = new HashMap<>();
    for (TaskRecord t : tasks) {
      for (AttemptRecord a : attempts.get(t.id())) {
        List<long[]> list = events.computeIfAbsent(group.apply(t), k -> new ArrayList<>());
        list.add(new long[] {a.startedAt().toEpochMilli(), +1});
        list.add(new long[] {a.finishedAt().toEpochMilli(), -1});
      }
    }
    int max = 0;
    for (List<long[]> list : events.values()) {
      // At equal times ends come first: [start, end) intervals that only touch do not overlap.
      list.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
      int running = 0;
      for (long[] e : list) {
        running += (int) e[1];
        max = Math.max(max, running);
      }
    }
    return max;
  }
}
