package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long task killed with SIGKILL half way resumes from its last checkpoint in the next process, as
 * a user runs it: {@code weft run}, kill -9, {@code weft run --resume}, {@code weft tasks show}.
 */
class CheckpointTest {

  private static final int STEPS = 40;

  @TempDir Path dir;

  @Test
  void aTaskKilledHalfWayResumesFromItsLastCheckpoint() throws Exception {
    Path ledger = dir.resolve("ledger.txt");
    Path manifest = dir.resolve("long.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: long
        kind: tasks
        nodes:
          - id: crunch
            type: steps
            with: {path: '%s', steps: %d, pause: 50ms}
        """
            .formatted(ledger, STEPS));
    String db = dir.resolve("weft.db").toString();

    Process first = start("run", manifest.toString(), "--db", db);
    await().atMost(Duration.ofMinutes(1)).until(() -> steps(ledger).size() >= 10);
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process resumed = start("run", "--resume", "1", "--db", db);
    assertThat(resumed.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(resumed.exitValue()).isZero();

    List<long[]> steps = steps(ledger); // {attempt, step}
    long lastOfFirst = steps.stream().filter(s -> s[0] == 1).mapToLong(s -> s[1]).max().orElse(0);
    List<Long> second = steps.stream().filter(s -> s[0] == 2).map(s -> s[1]).toList();
    assertThat(lastOfFirst).as("the first attempt got some way").isGreaterThanOrEqualTo(10);
    assertThat(second.getFirst())
        .as("the second attempt resumed after the last step saved (one step may be done again)")
        .isBetween(lastOfFirst, lastOfFirst + 1);
    assertThat(second).last().isEqualTo((long) STEPS);
    Cli.Result show = Cli.run("tasks", "show", "2", "--db", db);
    assertThat(show.out()).contains("checkpoint of attempt 2").contains(": " + STEPS);
  }

  private Process start(String... args) throws IOException {
    return Cli.process(args)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile())
        .start();
  }

  private static List<long[]> steps(Path ledger) throws IOException {
    if (!Files.exists(ledger)) {
      return List.of();
    }
    return Files.readAllLines(ledger).stream()
        .map(line -> line.split(" "))
        .map(f -> new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])})
        .toList();
  }
}
