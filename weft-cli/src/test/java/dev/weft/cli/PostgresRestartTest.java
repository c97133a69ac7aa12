package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted under a working worker: the worker says once that the database went away and
 * once that it is back, carries on, and the run ends with every task counted once.
 */
@PostgresTest
class PostgresRestartTest {

  private static final int TASKS = 200;

  @TempDir Path dir;

  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    Assumptions.assumeTrue(
        new File("/usr/bin/pg_ctlcluster").canExecute()
            && new File("/etc/postgresql").isDirectory(),
        "needs pg_ctlcluster to restart the server");
    database = StoreFixture.postgres();
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aWorkerRidesOutARestartSayingSoAndTheRunEndsWithEachTaskCountedOnce() throws Exception {
    StringBuilder yaml = new StringBuilder("weft: 1\nname: restart\nkind: tasks\nnodes:\n");
    for (int i = 0; i < TASKS; i++) {
      yaml.append("  - id: t").append(i).append("\n    type: sleep\n    with: {duration: 50ms}\n");
    }
    Path manifest = dir.resolve("restart.yaml");
    Files.writeString(manifest, yaml);
    assertThat(
            Cli.run("run", manifest.toString(), "--detach", "--db", database.location()).exitCode())
        .isZero();
    Path log = dir.resolve("worker.log");
    Process worker =
        Cli.process("worker", "--until-idle", "--concurrency", "4", "--db", database.location())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await().atMost(Duration.ofSeconds(60)).until(() -> succeeded() >= 20);

    restartPostgres();

    assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String said = Files.readString(log);
    assertThat(worker.exitValue()).as(said).isZero();
    assertThat(said)
        .containsOnlyOnce("retrying until it is back")
        .containsOnlyOnce("the database is back after")
        .doesNotContain("\tat ");
    try (TaskStore store = database.open()) {
      TaskRecord run = store.runs(1).getFirst();
      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      for (TaskRecord task : store.tasks(run.id())) {
        List<AttemptRecord> attempts = store.attempts(task.id());
        assertThat(attempts.stream().filter(a -> "succeeded".equals(a.outcome())))
            .as("%s counted once", task.nodeId())
            .hasSize(1);
      }
    }
  }

  private long succeeded() {
    try (TaskStore store = database.open()) {
      return store.countTasks(null, TaskStatus.SUCCEEDED, null);
    }
  }

  private static void restartPostgres() throws Exception {
    String[] versions = new File("/etc/postgresql").list();
    assertThat(versions).isNotEmpty();
    Process restart =
        new ProcessBuilder(
                "pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "restart")
            .redirectErrorStream(true)
            .start();
    assertThat(restart.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(restart.exitValue()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> {
          try (var c =
              java.sql.DriverManager.getConnection(dev.weft.tasks.postgres.PostgresAvailable.URL)) {
            return c.isValid(2);
          }
        });
  }
}
