package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Draining a worker process, by SIGTERM or by 'weft workers drain' from another process: it claims
 * nothing more, and puts back what did not finish within --grace as not started.
 */
class DrainTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String db() {
    return dir.resolve("weft.db").toString();
  }

  private Process startWorkerOnASlowTask() throws Exception {
    Path manifest = dir.resolve("slow.yaml");
    Files.writeString(
        manifest,
        "weft: 1\nname: slow\nkind: tasks\nnodes:\n"
            + "  - id: slow\n    type: sleep\n    with: {duration: 1h}\n");
    assertThat(Cli.run("run", manifest.toString(), "--detach", "--db", db()).exitCode()).isZero();
    Process worker =
        Cli.process("worker", "--grace", "1s", "--db", db())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("worker.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(60)).until(() -> slow().status() == TaskStatus.RUNNING);
    return worker;
  }

  private TaskRecord slow() {
    try (TaskStore store = SqliteTaskStore.open(Path.of(db()))) {
      return store.tasks(store.runs(1).getFirst().id()).getFirst();
    }
  }

  @Test
  void sigtermPutsBackTheUnfinishedTaskAsNotStartedAndTheWorkerLeaves() throws Exception {
    Process worker = startWorkerOnASlowTask();

    worker.destroy(); // SIGTERM

    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("worker.log")))
        .contains("Draining: claiming nothing more, letting running tasks finish within 1s")
        .contains("Drained: 1 unfinished task put back for other workers");
    TaskRecord task = slow();
    assertThat(task.status()).isEqualTo(TaskStatus.READY);
    assertThat(task.attempt()).as("not counted as a failed attempt").isZero();
    assertThat(Cli.run("workers", "list", "--db", db()).out()).startsWith("No workers");
  }

  @Test
  void workersListShowsTheWorkerAndWorkersDrainStopsItFromAnotherProcess() throws Exception {
    Process worker = startWorkerOnASlowTask();
    JsonNode listed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> JSON.readTree(Cli.run("workers", "list", "--json", "--db", db()).out()),
                j ->
                    j.get("workers").size() == 1
                        && j.get("workers").get(0).get("running").asInt() == 1);
    JsonNode w = listed.get("workers").get(0);
    assertThat(w.get("status").asText()).isEqualTo("active");
    assertThat(w.get("pid").asLong()).isEqualTo(worker.pid());
    assertThat(w.get("concurrency").asInt()).isEqualTo(8);
    assertThat(w.get("types").toString()).contains("\"sleep\"").contains("\"shell\"");
    assertThat(w.get("heap_bytes").asLong()).isPositive();
    assertThat(w.get("tasks").get(0).get("id").asLong()).isEqualTo(slow().id());
    assertThat(Cli.run("workers", "list", "--db", db()).out())
        .contains(w.get("id").asText())
        .contains("active")
        .contains("1 of 8")
        .contains(" MiB")
        .contains("runs #" + slow().id() + " " + slow().nodeId());

    Cli.Result drain = Cli.run("workers", "drain", w.get("id").asText(), "--db", db());

    assertThat(drain.exitCode()).isZero();
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("it leaves by itself").isTrue();
    assertThat(worker.exitValue()).isZero();
    assertThat(slow().status()).isEqualTo(TaskStatus.READY);
    assertThat(Cli.run("workers", "drain", w.get("id").asText(), "--db", db()).exitCode())
        .as("it is gone")
        .isEqualTo(ExitCodes.FAILED);
  }
}
