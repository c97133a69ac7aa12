package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/speech-segments.yaml} as its comment says to run it: {@code
 * examples/make-speech.sh}, then {@code weft run}; here in a copy of the examples folder, so the
 * source tree is left alone.
 */
class SpeechExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void theScriptMakesTheInputAndTheRunWritesOneFilePerSentence() throws Exception {
    assumeTrue(onPath("espeak-ng") && onPath("sox"), "espeak-ng or sox missing: test skipped");
    Path examples = Files.createDirectories(dir.resolve("examples"));
    Files.copy(
        Cli.ROOT.resolve("examples/speech-segments.yaml"),
        examples.resolve("speech-segments.yaml"));
    Files.copy(Cli.ROOT.resolve("examples/make-speech.sh"), examples.resolve("make-speech.sh"));

    Process script =
        new ProcessBuilder("bash", examples.resolve("make-speech.sh").toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String said = new String(script.getInputStream().readAllBytes());
    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(said).isZero();
    Cli.Result r = Cli.run("run", examples.resolve("speech-segments.yaml").toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("Stream speech-segments succeeded");
    List<JsonNode> truth = lines(examples.resolve("data/speech.truth.jsonl"));
    List<JsonNode> index = lines(examples.resolve("out/segments/index.jsonl"));
    assertThat(index).hasSameSizeAs(truth).hasSize(8);
    for (int i = 0; i < index.size(); i++) {
      double start = truth.get(i).get("start").asDouble();
      assertThat(index.get(i).get("start").asDouble()).isBetween(start - 0.07, start + 0.07);
      assertThat(examples.resolve("out/segments").resolve(index.get(i).get("file").asText()))
          .isRegularFile();
    }
  }

  @Test
  void theScriptRefusesABadSnrNamingIt() throws Exception {
    Process script =
        new ProcessBuilder(
                "bash", Cli.ROOT.resolve("examples/make-speech.sh").toString(), "--snr", "loud")
            .redirectErrorStream(true)
            .start();
    String said = new String(script.getInputStream().readAllBytes());

    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).isEqualTo(2);
    assertThat(said).contains("--snr must be a number of dB, e.g. 10, not 'loud'");
  }

  @Test
  void theScriptNamesAMissingToolAndHowToInstallIt() throws Exception {
    // A PATH with the little the script needs before it looks for its tools, and none of them.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("dirname"), Path.of("/usr/bin/dirname"));
    ProcessBuilder builder =
        new ProcessBuilder("/bin/bash", Cli.ROOT.resolve("examples/make-speech.sh").toString())
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin.toString());
    Process script = builder.start();
    String said = new String(script.getInputStream().readAllBytes());

    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).isEqualTo(3);
    assertThat(said)
        .contains("espeak-ng is not installed; install it with: apt-get install espeak-ng sox");
  }
}
