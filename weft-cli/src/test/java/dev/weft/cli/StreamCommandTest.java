package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft run} of stream manifests: how a run that cannot go on says why, and how a run stopped
 * by Ctrl-C (a real process receiving SIGINT) still reports everything.
 */
class StreamCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path manifest(String nodes) throws Exception {
    Path file = dir.resolve("stream.yaml");
    Files.writeString(file, "weft: 1\nname: files\nkind: stream\nnodes:\n" + nodes);
    return file;
  }

  @Test
  void aMissingInputFileIsNamedAsMissing() throws Exception {
    Path manifest =
        manifest(
            """
              - { id: read-orders, type: read, with: { file: no/orders.csv } }
              - { id: save, type: write, after: [read-orders], with: { file: out.jsonl } }
            """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("node read-orders: no such file: " + dir.resolve("no/orders.csv"));
  }

  @Test
  void anOutputFolderThatIsAFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("out"), "a file where a folder should be");
    Path manifest =
        manifest(
            """
              - { id: gen, type: generate, with: { count: 3 } }
              - { id: save, type: write, after: [gen], with: { file: out/n.jsonl } }
            """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("node save: not a folder: " + dir.resolve("out"));
  }

  @Test
  void theTableAndTheJsonShowEachNodesMemoryAProcessNodesPidRssAndCpu() throws Exception {
    Path manifest =
        manifest(
            """
              - { id: gen, type: generate, with: { count: 20000 } }
              - { id: even, type: filter, after: [gen], with: { expr: "n % 2 == 0" },
                  isolation: process }
              - { id: save, type: write, after: [even], with: { file: out.jsonl } }
            """);
    Path metrics = dir.resolve("metrics.json");

    Cli.Result r = Cli.run("run", manifest.toString(), "--metrics", metrics.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    JsonNode nodes = JSON.readTree(metrics.toFile()).get("nodes");
    JsonNode gen = nodes.get(0);
    JsonNode even = nodes.get(1);
    assertThat(gen.get("pid").asLong()).as("in the pipeline's process").isZero();
    assertThat(gen.get("allocatedBytes").asLong())
        .as("20,000 messages made on its thread")
        .isGreaterThan(20_000L * 16);
    assertThat(gen.get("cpuMillis").asLong()).isNotNegative();
    assertThat(even.get("pid").asLong()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
    assertThat(even.get("rssBytes").asLong()).as("a JVM's resident memory").isGreaterThan(1 << 20);
    assertThat(even.get("cpuMillis").asLong()).as("a JVM's start alone").isPositive();
    assertThat(r.out())
        .containsPattern("NODE +ROLE .* PID +MEMORY +CPU s")
        .containsPattern("gen +source .* - +[0-9.]+[KMG] alloc +[0-9.]+")
        .containsPattern(
            "even +transform .* " + even.get("pid").asLong() + " +[0-9.]+M rss +[0-9.]+");
  }

  @Test
  void ctrlCStopsTheRunAndStillPrintsTheJsonAndWritesTheMetrics() throws Exception {
    Path metrics = dir.resolve("metrics.json");
    Path written = dir.resolve("n.jsonl");
    Process weft =
        start(endless(), "--json", "--metrics", metrics.toString())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .start();
    await().atMost(Duration.ofMinutes(1)).until(() -> size(written) > 0);

    int code = interrupt(weft);

    String stdout = Files.readString(dir.resolve("stdout.txt"));
    assertThat(code).as(stdout + stderr()).isEqualTo(130);
    JsonNode json = JSON.readTree(stdout);
    assertThat(json.get("status").asText()).isEqualTo("cancelled");
    assertThat(json.get("nodes").get(0).get("out").asLong()).isPositive();
    assertThat(JSON.readTree(metrics.toFile())).isEqualTo(json);
    assertThat(stderr())
        .containsPattern("weft run: stopped by Ctrl-C after [0-9.]+ s; sources had emitted: gen ");
    for (String line : Files.readAllLines(written)) {
      assertThat(JSON.readTree(line).has("n")).as("every line written whole: %s", line).isTrue();
    }
  }

  @Test
  void ctrlCStopsTheRunAndStillPrintsTheFinalTable() throws Exception {
    Path stdout = dir.resolve("stdout.txt");
    Process weft = start(endless()).redirectOutput(stdout.toFile()).start();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> Files.readString(stdout).contains("Running stream files"));

    int code = interrupt(weft);

    assertThat(code).isEqualTo(130);
    assertThat(Files.readString(stdout))
        .containsPattern("NODE +ROLE +IN +OUT")
        .containsPattern("gen +source ")
        .contains("Stream files cancelled after ");
    assertThat(stderr()).contains("weft run: stopped by Ctrl-C after ");
  }

  /** A source that would run for days, into a file. */
  private Path endless() throws Exception {
    return manifest(
        """
          - { id: gen, type: generate, with: { count: 100000000, every: 1ms } }
          - { id: save, type: write, after: [gen], with: { file: n.jsonl } }
        """);
  }

  private ProcessBuilder start(Path manifest, String... options) {
    assumeFalse(
        sigintIgnored(),
        "SIGINT is ignored here (a background job without job control), so a child would ignore it");
    List<String> args = new ArrayList<>(List.of("run", manifest.toString()));
    args.addAll(List.of(options));
    return Cli.process(args.toArray(String[]::new))
        .redirectError(dir.resolve("stderr.txt").toFile());
  }

  /** Sends SIGINT, as Ctrl-C does, and waits for the process to end; its exit code. */
  private static int interrupt(Process weft) throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(weft.pid())).start();
    assertThat(kill.waitFor()).isZero();
    assertThat(weft.waitFor(1, TimeUnit.MINUTES)).as("the run stops").isTrue();
    return weft.exitValue();
  }

  private String stderr() throws Exception {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  private static long size(Path file) throws Exception {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /** Whether this process ignores SIGINT (its children then do too, and the JVM leaves it so). */
  private static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
        }
      }
    } catch (Exception notLinux) {
      // assume the signal is delivered
    }
    return false;
  }
}
