package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import dev.weft.stream.StreamRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command-line tools the audio tests make and check audio with, and a pipeline runner. */
final class Tools {

  private Tools() {}

  /** Skips the test, saying why, when {@code tool} is not on the PATH. */
  static void require(String tool) {
    assumeTrue(
        onPath(tool), tool + " is not installed (apt-get install " + tool + "): test skipped");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command in {@code dir}; returns its stdout; fails the test when it exits non-zero. */
  static byte[] run(Path dir, String... command) throws IOException, InterruptedException {
    require(command[0]);
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", List.of(command)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), Files.readString(err)).isZero();
    return out;
  }

  /** {@code sox args... } in {@code dir}. */
  static byte[] sox(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sox"));
    command.addAll(List.of(args));
    return run(dir, command.toArray(String[]::new));
  }

  /** The samples of {@code wav} as sox reads them, raw in the file's own encoding. */
  static byte[] raw(Path wav) throws IOException, InterruptedException {
    return sox(wav.getParent(), wav.toString(), "-t", "raw", "-");
  }

  /** Runs a stream manifest of {@code nodes} written into {@code dir} to its end. */
  static StreamResult stream(Path dir, String nodes) throws Exception {
    return start(dir, nodes).await();
  }

  /** Starts a stream manifest of {@code nodes} written into {@code dir}. */
  static StreamRun start(Path dir, String nodes) throws Exception {
    Path file = dir.resolve("audio.yaml");
    Files.writeString(file, "weft: 1\nname: audio\nkind: stream\nnodes:\n" + nodes);
    NodeTypes types = NodeTypes.load();
    Pipeline pipeline = Manifests.load(file, Map.of(), types).orThrow();
    return StreamPipelines.graph(pipeline, types).start();
  }
}
