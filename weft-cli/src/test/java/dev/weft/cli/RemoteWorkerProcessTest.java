package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.RunningTask;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code weft server} on PostgreSQL (working tasks itself) and a {@code weft worker --server}
 * process work one run of many tasks together; the remote worker is then SIGKILLed in the middle of
 * a task, the server takes the task over, and the run ends with each task's success counted once.
 */
@PostgresTest
class RemoteWorkerProcessTest {

  private static final String TOKEN = "remote-worker-token-0123456789";
  private static final int TASKS = 30;

  @TempDir Path dir;

  private StoreFixture database;
  private Process server;
  private Process remote;

  @BeforeEach
  void createDatabase() {
    database = StoreFixture.postgres();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : new Process[] {remote, server}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
      }
    }
    database.close();
  }

  @Test
  void aServerAndARemoteWorkerShareARunAndAKilledRemoteWorkersTaskIsTakenOver() throws Exception {
    server =
        start(
            "server",
            Cli.process(
                "server",
                "--port",
                "0",
                "--db",
                database.location(),
                "--concurrency",
                "2",
                "--lease",
                "2s"));
    Matcher listening =
        awaitLine("server", Pattern.compile("Weft server on (http://127\\.0\\.0\\.1:\\d+)"));
    String url = listening.group(1);
    remote =
        start(
            "remote",
            Cli.process("worker", "--server", url, "--concurrency", "2", "--lease", "2s"));
    String remoteId = awaitLine("remote", Pattern.compile("Remote worker (\\S+) on ")).group(1);

    Path ledger = dir.resolve("ledger.txt");
    StringBuilder manifest = new StringBuilder("weft: 1\nname: shared\nkind: tasks\nnodes:\n");
    for (int i = 0; i < TASKS; i++) {
      manifest
          .append("  - id: t")
          .append(i)
          .append("\n    type: ledger\n    with: {path: '")
          .append(ledger)
          .append("', pause: 1s}\n");
    }
    Path file = dir.resolve("shared.yaml");
    Files.writeString(file, manifest);
    assertThat(Cli.run("run", file.toString(), "--detach", "--db", database.location()).exitCode())
        .isZero();

    try (TaskStore store = database.open()) {
      long run = store.runs(1).getFirst().id();
      // The remote worker has finished tasks of its own and is in the middle of another.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(50))
          .until(() ->
              succeededBy(store, run, remoteId) >= 2
                  && store.runningTasks().stream()
                      .map(RunningTask::worker)
                      .anyMatch(remoteId::equals));
      List<Long> held =
          store.runningTasks().stream()
              .filter(t -> t.worker().equals(remoteId))
              .map(RunningTask::taskId)
              .toList();
      kill(remote);

      TaskRecord ended =
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> store.task(run).orElseThrow(), t -> t.status().ended());
      assertThat(ended.status()).isEqualTo(TaskStatus.SUCCEEDED);

      List<TaskRecord> tasks = store.tasks(run);
      assertThat(tasks).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
      Set<String> workers = new HashSet<>();
      for (TaskRecord task : tasks) {
        List<AttemptRecord> attempts = store.attempts(task.id());
        assertThat(attempts)
            .as("task %s's success is counted once", task.nodeId())
            .filteredOn(a -> a.outcome().equals("succeeded"))
            .hasSize(1);
        attempts.stream()
            .filter(a -> a.outcome().equals("succeeded"))
            .forEach(a -> workers.add(a.worker()));
      }
      assertThat(workers).as("both the server and the remote worker ran tasks").hasSize(2);
      for (long id : held) {
        assertThat(store.attempts(id))
            .extracting(AttemptRecord::worker, AttemptRecord::outcome)
            .as("the killed worker's task was taken over")
            .first()
            .isEqualTo(org.assertj.core.groups.Tuple.tuple(remoteId, "abandoned"));
        assertThat(store.attempts(id).getLast().worker()).isNotEqualTo(remoteId);
      }
      assertThat(Files.readAllLines(ledger))
          .as("every task did its work (a killed attempt may have done it too)")
          .extracting(line -> line.split(" ")[0])
          .containsAll(tasks.stream().map(TaskRecord::nodeId).toList());
    }
  }

  private static long succeededBy(TaskStore store, long run, String worker) {
    return store.tasks(run).stream()
        .filter(t -> t.status() == TaskStatus.SUCCEEDED)
        .filter(t ->
            store.attempts(t.id()).stream()
                .anyMatch(a -> a.worker().equals(worker) && a.outcome().equals("succeeded")))
        .count();
  }

  private Process start(String name, ProcessBuilder process) throws IOException {
    process.environment().put("WEFT_TOKENS", "ci:work:" + TOKEN);
    process.environment().put("WEFT_TOKEN", TOKEN);
    process.environment().remove("WEFT_DB");
    return process
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private Matcher awaitLine(String name, Pattern pattern) {
    Path log = dir.resolve(name + ".log");
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Matcher m = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
              return m.find() ? m : null;
            },
            m -> m != null);
  }

  private static void kill(Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
