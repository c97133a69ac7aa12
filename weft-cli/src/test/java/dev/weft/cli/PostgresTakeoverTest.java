package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker frozen past its lease (SIGSTOP) loses its task to another worker; when it thaws
 * (SIGCONT) and reports the attempt it finished, the store refuses that report: only the new
 * owner's outcome counts.
 */
@PostgresTest
class PostgresTakeoverTest {

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

  @Test
  void aFrozenWorkersLateOutcomeIsRefusedOnceItsTaskWasTakenOver() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    Path manifest = dir.resolve("slow.yaml");
    Files.writeString(
        manifest,
        "weft: 1\nname: slow\nkind: tasks\nnodes:\n  - id: t\n    type: ledger\n"
            + "    with: {path: '"
            + ledger
            + "', pause: 4s}\n");
    assertThat(
            Cli.run("run", manifest.toString(), "--detach", "--db", database.location()).exitCode())
        .isZero();

    Process first = worker("first");
    TaskRecord claimed = awaitTask(t -> t.status() == TaskStatus.RUNNING && t.attempt() == 1);
    signal(first, "STOP");
    Process second = worker("second");
    awaitTask(t -> t.status() == TaskStatus.RUNNING && t.attempt() == 2);
    signal(first, "CONT"); // its attempt ends while the second worker's still runs

    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(ledger))
        .as("both attempts did their work: execution is at least once")
        .containsExactlyInAnyOrder("t 1", "t 2");
    try (TaskStore store = database.open()) {
      TaskRecord task = store.task(claimed.id()).orElseThrow();
      assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(task.attempt()).isEqualTo(2);
      assertThat(store.attempts(task.id()))
          .extracting(AttemptRecord::attempt, AttemptRecord::outcome)
          .as("the frozen worker's late success is not counted")
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, "abandoned"),
              org.assertj.core.groups.Tuple.tuple(2, "succeeded"));
      assertThat(store.task(task.rootId()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
  }

  private Process worker(String name) throws IOException {
    return Cli.process(
            "worker",
            "--until-idle",
            "--lease",
            "2s",
            "--concurrency",
            "1",
            "--db",
            database.location())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private TaskRecord awaitTask(java.util.function.Predicate<TaskRecord> condition) {
    try (TaskStore store = database.open()) {
      return await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> find(store), t -> t.isPresent() && condition.test(t.get()))
          .orElseThrow();
    }
  }

  private static Optional<TaskRecord> find(TaskStore store) {
    List<TaskRecord> runs = store.runs(1);
    return runs.isEmpty()
        ? Optional.empty()
        : store.tasks(runs.getFirst().id()).stream().findFirst();
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
