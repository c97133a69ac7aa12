package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: four worker processes share 19,000 tasks in three DAG shapes on PostgreSQL while a random
 * worker is killed (SIGKILL) every two seconds and started again. Every task ends succeeded; the
 * ledger the tasks append to, outside the store, shows none lost and none whose two executions both
 * counted: a task that did its work in an attempt the store does not count had that attempt
 * recorded abandoned, taken over from a killed worker.
 */
@PostgresTest
@Tag("chaos")
class PostgresChaosTest {

  private static final int WORKERS = 4;
  private static final int WIDE = 8_000;
  private static final int LAYERS = 20;
  private static final int LAYER_WIDTH = 500;
  private static final int CHAIN = 1_000;
  private static final int TASKS = WIDE + 2 + LAYERS * LAYER_WIDTH + CHAIN;

  @TempDir Path dir;

  private StoreFixture database;
  private final Process[] workers = new Process[WORKERS];

  /** The workers' output, kept after the test (target/ of the module) to see what went wrong. */
  private static final Path LOGS = Path.of("target", "chaos-logs");

  @BeforeEach
  void createDatabase() throws IOException {
    database = StoreFixture.postgres();
    Files.createDirectories(LOGS);
  }

  @AfterEach
  void stopWorkersAndDropDatabase() throws InterruptedException {
    for (Process worker : workers) {
      if (worker != null) {
        worker.destroyForcibly();
        worker.waitFor(30, TimeUnit.SECONDS);
      }
    }
    database.close();
  }

  @Test
  void killingRandomWorkersLosesNoTaskAndCountsNoneTwice() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    for (Path manifest : List.of(wide(ledger), layered(ledger), chain(ledger))) {
      Cli.Result stored =
          Cli.run("run", manifest.toString(), "--detach", "--db", database.location());
      assertThat(stored.exitCode()).as(stored.err()).isZero();
    }
    for (int w = 0; w < WORKERS; w++) {
      workers[w] = worker(w);
    }

    Random random = new Random(20261201);
    int kills = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
    Instant start = Instant.now();
    while (runsNotEnded() > 0) {
      if (kills % 5 == 0) {
        System.out.printf(
            "chaos: %ds, %d of %d tasks ended, %d kills%n",
            Duration.between(start, Instant.now()).toSeconds(), ended(), TASKS, kills);
      }
      assertThat(Instant.now())
          .as("the runs end within 8 minutes; %d of %d tasks ended", ended(), TASKS)
          .isBefore(deadline);
      Thread.sleep(2_000); // the chaos's own pace: a kill every two seconds
      int victim = random.nextInt(WORKERS);
      workers[victim].destroyForcibly(); // SIGKILL
      assertThat(workers[victim].waitFor(30, TimeUnit.SECONDS)).isTrue();
      kills++;
      workers[victim] = worker(victim);
    }

    Map<String, List<Integer>> done = ledgerAttempts(ledger);
    int reExecuted = 0;
    int takeovers = 0;
    try (Connection c = DriverManager.getConnection(database.location());
        Statement s = c.createStatement()) {
      Map<Long, Map<Integer, String>> outcomes = new HashMap<>();
      try (ResultSet r = s.executeQuery("SELECT task_id, attempt, outcome FROM attempts")) {
        while (r.next()) {
          outcomes
              .computeIfAbsent(r.getLong(1), k -> new HashMap<>())
              .put(r.getInt(2), r.getString(3));
          takeovers += "abandoned".equals(r.getString(3)) ? 1 : 0;
        }
      }
      int tasks = 0;
      try (ResultSet r =
          s.executeQuery(
              "SELECT id, node_id, attempt, status FROM tasks WHERE parent_id IS NOT NULL")) {
        while (r.next()) {
          tasks++;
          String node = r.getString(2);
          int counted = r.getInt(3);
          assertThat(r.getString(4)).as(node).isEqualTo("succeeded");
          List<Integer> attempts = done.getOrDefault(node, List.of());
          assertThat(attempts)
              .as("ledger lines of %s", node)
              .contains(counted)
              .doesNotHaveDuplicates();
          Map<Integer, String> recorded = outcomes.get(r.getLong(1));
          assertThat(recorded.values().stream().filter("succeeded"::equals))
              .as("%s counted once", node)
              .hasSize(1);
          for (int attempt : attempts) {
            if (attempt != counted) {
              reExecuted++;
              assertThat(recorded.get(attempt))
                  .as(
                      "%s did its work in attempt %d, which the store does not count",
                      node, attempt)
                  .isEqualTo("abandoned");
            }
          }
        }
      }
      assertThat(tasks).isEqualTo(TASKS);
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*) FROM tasks WHERE parent_id IS NULL AND status = 'succeeded'")) {
        r.next();
        assertThat(r.getInt(1)).as("runs succeeded").isEqualTo(3);
      }
    }
    assertThat(done).hasSize(TASKS);
    assertThat(kills).as("the workers were killed while they worked").isGreaterThan(2);
    System.out.printf(
        "chaos: %d tasks, %d workers, %d kills, %d takeovers, %d re-executions, 0 lost, 0 counted twice%n",
        TASKS, WORKERS, kills, takeovers, reExecuted);
  }

  private Process worker(int n) throws IOException {
    return Cli.process(
            "worker", "--lease", "3s", "--concurrency", "16", "--db", database.location())
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(dir.resolve("worker-" + n + ".log").toFile()))
        .start();
  }

  private int runsNotEnded() throws SQLException {
    try (Connection c = DriverManager.getConnection(database.location());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM tasks WHERE parent_id IS NULL AND status = 'running'")) {
      r.next();
      return r.getInt(1);
    }
  }

  private int ended() throws SQLException {
    try (Connection c = DriverManager.getConnection(database.location());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM tasks WHERE parent_id IS NOT NULL AND status = 'succeeded'")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static Map<String, List<Integer>> ledgerAttempts(Path ledger) throws IOException {
    Map<String, List<Integer>> done = new HashMap<>();
    for (String line : Files.readAllLines(ledger)) {
      String[] parts = line.split(" ");
      done.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
    }
    return done;
  }

  /** One start, {@link #WIDE} tasks after it, one join after them all. */
  private Path wide(Path ledger) throws IOException {
    StringBuilder yaml = header("wide");
    node(yaml, "w_start", ledger, List.of());
    List<String> all = new ArrayList<>();
    for (int i = 0; i < WIDE; i++) {
      node(yaml, "w" + i, ledger, List.of("w_start"));
      all.add("w" + i);
    }
    node(yaml, "w_join", ledger, all);
    return write("wide", yaml);
  }

  /** {@link #LAYERS} layers, each task after two random tasks of the layer before. */
  private Path layered(Path ledger) throws IOException {
    Random random = new Random(1);
    StringBuilder yaml = header("layered");
    for (int layer = 0; layer < LAYERS; layer++) {
      for (int i = 0; i < LAYER_WIDTH; i++) {
        List<String> after = new ArrayList<>();
        if (layer > 0) {
          int a = random.nextInt(LAYER_WIDTH);
          int b = (a + 1 + random.nextInt(LAYER_WIDTH - 1)) % LAYER_WIDTH;
          after = List.of("l" + (layer - 1) + "_" + a, "l" + (layer - 1) + "_" + b);
        }
        node(yaml, "l" + layer + "_" + i, ledger, after);
      }
    }
    return write("layered", yaml);
  }

  /** A chain: each task after the one before. */
  private Path chain(Path ledger) throws IOException {
    StringBuilder yaml = header("deep");
    for (int i = 0; i < CHAIN; i++) {
      node(yaml, "d" + i, ledger, i == 0 ? List.of() : List.of("d" + (i - 1)));
    }
    return write("deep", yaml);
  }

  private static StringBuilder header(String name) {
    return new StringBuilder("weft: 1\nname: ").append(name).append("\nkind: tasks\nnodes:\n");
  }

  private static void node(StringBuilder yaml, String id, Path ledger, List<String> after) {
    yaml.append("  - id: ").append(id).append("\n    type: ledger\n");
    yaml.append("    with: {path: '").append(ledger).append("', pause: 1ms}\n");
    if (!after.isEmpty()) {
      yaml.append("    after: [").append(String.join(", ", after)).append("]\n");
    }
  }

  private Path write(String name, StringBuilder yaml) throws IOException {
    Path manifest = dir.resolve(name + ".yaml");
    Files.writeString(manifest, yaml);
    return manifest;
  }
}
