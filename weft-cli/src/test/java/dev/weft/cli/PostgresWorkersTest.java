package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes racing on one PostgreSQL store: limits and exclusive keys hold across all of
 * them, checked from the start and end of every task as the tasks recorded them. The run starts a
 * few seconds after it is stored, so every worker is up and claiming when its tasks become due.
 */
@PostgresTest
class PostgresWorkersTest {

  private static final int WORKERS = 3;
  private static final int TASKS = 48;

  @TempDir Path dir;

  private StoreFixture database;
  private Path ledger;
  private final List<Long> pids = new ArrayList<>(); // of the workers, in start order

  @BeforeEach
  void createDatabase() {
    database = StoreFixture.postgres();
    ledger = dir.resolve("ledger.txt");
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void anExclusiveKeyIsHeldByOneTaskAtATimeAcrossWorkers() throws Exception {
    List<Span> spans = race(i -> "exclusive: shared", "", alike());

    assertThat(mostAtOnce(spans)).isEqualTo(1);
  }

  @Test
  void aNamedLimitersCapacityHoldsAcrossWorkers() throws Exception {
    List<Span> spans = race(i -> "limit: {key: gpu}", "limits: {limiters: {gpu: 2}}\n", alike());

    assertThat(mostAtOnce(spans)).isEqualTo(2);
  }

  @Test
  void maxRunningHoldsAcrossWorkers() throws Exception {
    // More than one worker's 4 slots: the cap is reached only when workers claim side by side.
    List<Span> spans = race(i -> null, "", alike("--max-running", "6"));

    assertThat(mostAtOnce(spans)).isEqualTo(6);
  }

  @Test
  void requiredLabelsRunOnlyOnWorkersWithThemAndPreferredOnesGoToTheirWorkersFirst()
      throws Exception {
    // Even tasks need a gpu; odd ones prefer a warm worker, waiting a minute for one.
    List<Span> spans =
        race(
            i -> i % 2 == 0 ? "require: [gpu]" : "prefer: {labels: [warm], wait: 1m}",
            "",
            List.of(List.of("--labels", "gpu"), List.of("--labels", "warm,big"), List.of()));

    Map<String, Long> workerOf = new TreeMap<>();
    spans.forEach(span -> workerOf.put(span.node(), span.pid()));
    for (int i = 0; i < TASKS; i++) {
      assertThat(workerOf.get("t" + i))
          .as("t%d ran on the worker %s", i, i % 2 == 0 ? "with gpu" : "with warm")
          .isEqualTo(pids.get(i % 2 == 0 ? 0 : 1));
    }
  }

  /** The same options for every worker. */
  private static List<List<String>> alike(String... options) {
    return Collections.nCopies(WORKERS, List.of(options));
  }

  /** A task as it recorded itself. */
  private record Span(String node, long pid, long start, long end) {}

  /**
   * Stores a run of {@link #TASKS} span tasks, task i with {@code taskField(i)}, due in a few
   * seconds, and works it off with {@link #WORKERS} worker processes of 4 slots each, worker w with
   * {@code workerOptions(w)}. Returns the spans, having checked that each task ran once and that
   * the work was shared.
   */
  private List<Span> race(
      IntFunction<String> taskField, String pipelineFields, List<List<String>> workerOptions)
      throws Exception {
    StringBuilder yaml =
        new StringBuilder("weft: 1\nname: race\nkind: tasks\n").append(pipelineFields);
    yaml.append("nodes:\n");
    for (int i = 0; i < TASKS; i++) {
      yaml.append("  - id: t").append(i).append("\n    type: span\n");
      if (taskField.apply(i) != null) {
        yaml.append("    ").append(taskField.apply(i)).append('\n');
      }
      // long enough that a worker whose JVM started late still overlaps the others
      yaml.append("    with: {path: '").append(ledger).append("', pause: 200ms}\n");
    }
    Path manifest = dir.resolve("race.yaml");
    Files.writeString(manifest, yaml);
    Cli.Result stored =
        Cli.run("run", manifest.toString(), "--detach", "--at", "5s", "--db", database.location());
    assertThat(stored.exitCode()).as(stored.err()).isZero();

    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      List<String> args =
          new ArrayList<>(
              List.of("worker", "--until-idle", "--concurrency", "4", "--db", database.location()));
      args.addAll(workerOptions.get(w));
      workers.add(
          Cli.process(args.toArray(String[]::new))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("worker-" + w + ".log").toFile())
              .start());
      pids.add(workers.getLast().pid());
    }
    for (Process worker : workers) {
      assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(worker.exitValue()).isZero();
    }

    List<Span> spans = spans();
    assertThat(spans.stream().map(Span::node).distinct()).as("each task once").hasSize(TASKS);
    assertThat(spans).hasSize(TASKS);
    assertThat(spans.stream().map(Span::pid).distinct().count())
        .as("the work was shared, so the workers raced")
        .isGreaterThan(1);
    return spans;
  }

  private List<Span> spans() throws IOException {
    return Files.readAllLines(ledger, StandardCharsets.UTF_8).stream()
        .map(l -> l.split(" "))
        .map(f -> new Span(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])))
        .toList();
  }

  /** The most tasks that ran at one moment. */
  private static int mostAtOnce(List<Span> spans) {
    Map<Long, Integer> steps = new TreeMap<>();
    for (Span s : spans) {
      steps.merge(s.start(), 1, Integer::sum);
      steps.merge(s.end(), -1, Integer::sum); // an end before a start at the same instant
    }
    int now = 0;
    int most = 0;
    for (int step : steps.values()) {
      now += step;
      most = Math.max(most, now);
    }
    return most;
  }
}
