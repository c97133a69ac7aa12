package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers whose machines' clocks are ten minutes apart (each process under libfaketime, one
 * ahead, one behind) share one PostgreSQL store with short leases: each reads leases and heartbeats
 * on the database's clock, so neither takes the other's tasks, and every task runs once. Read on
 * their own clocks, each would see the other's leases as long expired.
 */
@PostgresTest
class PostgresClockSkewTest {

  /** Debian's libfaketime, which shifts the real-time clock of a process it is preloaded into. */
  static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

  static final int TASKS = 8;

  @TempDir Path dir;

  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    if (System.getenv("WEFT_REQUIRE_FAKETIME") == null) {
      Assumptions.assumeTrue(
          Files.exists(FAKETIME), "libfaketime is not installed (apt-get install libfaketime)");
    }
    database = StoreFixture.postgres();
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void workersTenMinutesApartTakeNoneOfEachOthersTasks() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    StringBuilder manifest = new StringBuilder("weft: 1\nname: skewed\nkind: tasks\nnodes:\n");
    for (int i = 0; i < TASKS; i++) {
      manifest
          .append("  - id: t")
          .append(i)
          .append("\n    type: ledger\n    retry: {attempts: 3}\n    with: {path: '")
          .append(ledger)
          .append("', pause: 3s}\n");
    }
    Path file = dir.resolve("skewed.yaml");
    Files.writeString(file, manifest);
    assertThat(Cli.run("run", file.toString(), "--detach", "--db", database.location()).exitCode())
        .isZero();

    Process ahead = worker("ahead", "+10m");
    Process behind = worker("behind", "-10m");
    ended(ahead, "ahead");
    ended(behind, "behind");

    List<String> lines = Files.readAllLines(ledger);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      expected.add("t" + i + " 1");
    }
    assertThat(lines)
        .as("every task ran once, in its first attempt")
        .containsExactlyInAnyOrderElementsOf(expected);
    try (TaskStore store = database.open()) {
      TaskRecord run = store.runs(1).getFirst();
      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      java.util.Set<String> workers = new java.util.HashSet<>();
      for (TaskRecord t : store.tasks(run.id())) {
        List<AttemptRecord> attempts = store.attempts(t.id());
        assertThat(attempts)
            .as("%s was taken over by neither worker: %s", t.nodeId(), attempts)
            .extracting(AttemptRecord::outcome)
            .containsExactly("succeeded");
        workers.add(attempts.getFirst().worker());
      }
      assertThat(workers).as("both workers worked: the skew was tested both ways").hasSize(2);
    }
  }

  private void ended(Process worker, String name) throws Exception {
    boolean ended = worker.waitFor(120, TimeUnit.SECONDS);
    worker.destroyForcibly();
    assertThat(ended)
        .as("the %s worker ended; its log:%n%s", name, Files.readString(dir.resolve(name + ".log")))
        .isTrue();
  }

  private Process worker(String name, String offset) throws IOException {
    ProcessBuilder builder =
        Cli.process(
                "worker",
                "--until-idle",
                "--lease",
                "10s",
                "--concurrency",
                String.valueOf(TASKS / 2),
                "--db",
                database.location())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().put("LD_PRELOAD", FAKETIME.toString());
    builder.environment().put("FAKETIME", offset);
    // timers and sleeps keep the real pace; only the wall clock is shifted (and without the
    // monotonic fix's extra work the JVM runs at its usual speed under the library)
    builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    builder.environment().put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
    return builder.start();
  }
}
