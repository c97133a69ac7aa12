package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes on one PostgreSQL store, with many cron schedules falling due at the same
 * instant: every worker wakes for it at once, and each schedule fires exactly once.
 */
@PostgresTest
class PostgresCronTest {

  private static final int WORKERS = 3;
  private static final int SCHEDULES = 12;
  private static final Pattern FIRED = Pattern.compile("Schedule (\\S+) started run (\\d+)");

  @TempDir Path dir;

  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    database = StoreFixture.postgres();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  /*
   * Guard: the compare-and-set on the schedule's next time (ScheduleRepository.advance). Shown to
   * fail with it made unconditional: schedules fired two and three times.
   */
  @Test
  void eachDueTimeFiresOnceWhateverManyWorkersWakeForIt() throws Exception {
    Path manifest = dir.resolve("tick.yaml");
    Files.writeString(
        manifest, "weft: 1\nname: tick\nkind: tasks\nnodes:\n  - id: a\n    type: noop\n");
    for (int i = 0; i < SCHEDULES; i++) {
      Cli.Result add =
          Cli.run(
              "schedules",
              "add",
              manifest.toString(),
              "--name",
              "s" + i,
              "--cron",
              "0 0 1 1 *",
              "--db",
              database.location());
      assertThat(add.exitCode()).as(add.err()).isZero();
    }
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(
          Cli.process("worker", "--db", database.location())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("worker-" + w + ".log").toFile())
              .start());
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> registered() == WORKERS);

    // All fall due at one instant a little ahead: each worker's wait ends exactly then.
    long due = System.currentTimeMillis() + 3_000;
    try (Connection c = DriverManager.getConnection(database.location());
        PreparedStatement set = c.prepareStatement("UPDATE schedules SET next_fire_at = ?")) {
      set.setLong(1, due);
      assertThat(set.executeUpdate()).isEqualTo(SCHEDULES);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> succeededRuns() >= SCHEDULES);
    for (Process worker : workers) {
      worker.destroy(); // SIGTERM: drain and leave
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Integer> fired = new HashMap<>();
    Map<Integer, Integer> byWorker = new HashMap<>();
    for (int w = 0; w < WORKERS; w++) {
      Matcher m = FIRED.matcher(Files.readString(dir.resolve("worker-" + w + ".log")));
      while (m.find()) {
        fired.merge(m.group(1), 1, Integer::sum);
        byWorker.merge(w, 1, Integer::sum);
      }
    }
    System.out.printf("cron test: schedules fired by worker %s%n", byWorker);
    assertThat(fired).hasSize(SCHEDULES).allSatisfy((name, times) -> assertThat(times).isOne());
    assertThat(succeededRuns()).as("one run per due time").isEqualTo(SCHEDULES);
  }

  private int registered() throws Exception {
    return count("SELECT count(*) FROM workers");
  }

  private int succeededRuns() throws Exception {
    return count("SELECT count(*) FROM tasks WHERE parent_id IS NULL AND status = 'succeeded'");
  }

  private int count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(database.location());
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }
}
