package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Silero VAD v5 model file, from the npm package {@code @ricky0123/vad-web}: packed with {@code
 * npm pack} and unpacked under {@code target/silero} the first time a test asks for it. Tests that
 * need it are skipped when npm cannot be run or reached, except in CI ({@code CI} set), where that
 * fails them.
 */
final class SileroModel {

  /** The package, at the version whose model the tests were written against. */
  static final String PACKAGE = "@ricky0123/vad-web@0.0.31";

  static final Path DIR = Path.of("target/silero").toAbsolutePath();
  static final Path FILE = DIR.resolve("package/dist/silero_vad_v5.onnx");

  /** The package's older model, whose inputs are not those of version 5. */
  static final Path LEGACY = DIR.resolve("package/dist/silero_vad_legacy.onnx");

  private SileroModel() {}

  /** The model file, fetched if need be. */
  static synchronized Path file() throws IOException, InterruptedException {
    if (Files.isRegularFile(FILE) && Files.isRegularFile(LEGACY)) {
      return FILE;
    }
    Files.createDirectories(DIR);
    String failed = run(List.of("npm", "pack", PACKAGE, "--pack-destination", DIR.toString()));
    if (failed != null) {
      assertThat(System.getenv("CI")).as("in CI npm must work: %s", failed).isNull();
      assumeTrue(false, "npm pack " + PACKAGE + " failed, test skipped: " + failed);
    }
    try (var packed = Files.list(DIR)) {
      Path tgz = packed.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
      String untar =
          run(
              List.of(
                  "tar",
                  "xzf",
                  tgz.toString(),
                  "-C",
                  DIR.toString(),
                  "package/dist/silero_vad_v5.onnx",
                  "package/dist/silero_vad_legacy.onnx"));
      assertThat(untar).as("unpacking %s", tgz).isNull();
    }
    return FILE;
  }

  /** Runs {@code command}; null when it succeeded, else what went wrong. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return command + " took more than 180 s";
    }
    return process.exitValue() == 0 ? null : command + ": " + output.strip();
  }
}
