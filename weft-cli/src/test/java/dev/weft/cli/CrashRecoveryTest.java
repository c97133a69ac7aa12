package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code weft run} process with SIGKILL in the middle of a 1,000-task run, resumes the
 * run in a new process, and checks against an append-only ledger the tasks write outside the store:
 * every task succeeded exactly once, and a task did its work twice only when the store shows its
 * earlier attempt as abandoned by the killed process.
 */
class CrashRecoveryTest {

  private static final int LAYERS = 10;
  private static final int WIDTH = 100;

  @TempDir Path dir;

  @Test
  void killedRunResumesWithNoTaskLostAndNoneDoneTwiceUnlessItsWorkerDied() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    Path manifest = writeManifest(ledger);
    Path db = dir.resolve("weft.db");

    Process first = weft("run", manifest.toString(), "--db", db.toString(), "--concurrency", "8");
    await().atMost(Duration.ofMinutes(2)).until(() -> lines(ledger) >= 300);
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int doneAtKill = lines(ledger);
    try (TaskStore store = SqliteTaskStore.open(db)) {
      assertThat(store.task(1).orElseThrow().status())
          .as("the run was cut off")
          .isEqualTo(TaskStatus.RUNNING);
    }

    Process resumed = weft("run", "--resume", "1", "--db", db.toString(), "--concurrency", "8");
    assertThat(resumed.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(resumed.exitValue()).as(output(resumed)).isZero();

    Map<String, List<Integer>> ledgerAttempts = new HashMap<>();
    for (String line : Files.readAllLines(ledger)) {
      String[] parts = line.split(" ");
      ledgerAttempts
          .computeIfAbsent(parts[0], k -> new ArrayList<>())
          .add(Integer.parseInt(parts[1]));
    }
    try (TaskStore store = SqliteTaskStore.open(db)) {
      List<TaskRecord> tasks = store.tasks(1);
      assertThat(tasks).hasSize(LAYERS * WIDTH).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
      int ranTwice = 0;
      for (TaskRecord task : tasks) {
        List<Integer> done = ledgerAttempts.getOrDefault(task.nodeId(), List.of());
        assertThat(done)
            .as("ledger lines of %s", task.nodeId())
            .contains(task.attempt())
            .doesNotHaveDuplicates();
        Map<Integer, String> outcomes = new HashMap<>();
        for (AttemptRecord a : store.attempts(task.id())) {
          outcomes.put(a.attempt(), a.outcome());
        }
        for (int attempt : done) {
          if (attempt != task.attempt()) {
            ranTwice++;
            assertThat(outcomes.get(attempt))
                .as(
                    "%s did its work in attempt %d, which the store does not count",
                    task.nodeId(), attempt)
                .isEqualTo("abandoned");
          }
        }
      }
      assertThat(ledgerAttempts).hasSize(LAYERS * WIDTH);
      System.out.printf(
          "crash test: killed after %d of %d tasks; %d did their work twice because the kill came between their work and its commit%n",
          doneAtKill, LAYERS * WIDTH, ranTwice);
    }
  }

  /** Ten layers of a hundred tasks, each after two random tasks of the layer before. */
  private Path writeManifest(Path ledger) throws IOException {
    Random random = new Random(1);
    StringBuilder yaml = new StringBuilder("weft: 1\nname: crash\nkind: tasks\nnodes:\n");
    for (int layer = 0; layer < LAYERS; layer++) {
      for (int i = 0; i < WIDTH; i++) {
        yaml.append("  - id: t").append(layer).append('_').append(i).append('\n');
        yaml.append("    type: ledger\n");
        yaml.append("    with: {path: '").append(ledger).append("', pause: 5ms}\n");
        if (layer > 0) {
          int a = random.nextInt(WIDTH);
          int b = (a + 1 + random.nextInt(WIDTH - 1)) % WIDTH;
          yaml.append("    after: [t").append(layer - 1).append('_').append(a);
          yaml.append(", t").append(layer - 1).append('_').append(b).append("]\n");
        }
      }
    }
    Path manifest = dir.resolve("crash.yaml");
    Files.writeString(manifest, yaml);
    return manifest;
  }

  private Process weft(String... args) throws IOException {
    return Cli.process(args)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile())
        .start();
  }

  private String output(Process p) throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("out-")).toList()) {
        all.append(Files.readString(f)).append(File.separator);
      }
    }
    return all.toString();
  }

  private static int lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }
}
