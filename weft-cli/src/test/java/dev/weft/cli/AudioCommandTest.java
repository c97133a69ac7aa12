package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audio node types through the command: listed by {@code types}, bad files named by {@code
 * run}.
 */
class AudioCommandTest {

  @TempDir Path dir;

  @Test
  void typesListsTheAudioNodes() {
    Cli.Result r = Cli.run("types");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("audio.wav-source", "audio.wav-sink", "audio.format");
  }

  @Test
  void aFileThatIsNotAWavFileIsNamedWithoutAStackTrace() throws Exception {
    Files.writeString(dir.resolve("notes.wav"), "just some text\n");
    Path manifest = dir.resolve("audio.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: bad-audio
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: notes.wav } }
          - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav } }
        """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "node read: "
                + dir.resolve("notes.wav")
                + ": not a RIFF WAVE file (it starts with 'just')");
    assertThat(r.out() + r.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aFormatTheNodeDoesNotKnowIsRefusedBeforeTheRun() throws Exception {
    Path manifest = dir.resolve("audio.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: bad-format
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: in.wav } }
          - { id: wide, type: audio.format, after: [read], with: { format: f64 } }
          - { id: write, type: audio.wav-sink, after: [wide], with: { path: out.wav } }
        """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains("node wide: format must be i16, i32 or f32, not 'f64'")
        .doesNotContain("Exception");
  }
}
