package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
    assertThat(r.out())
        .contains(
            "audio.wav-source",
            "audio.wav-sink",
            "audio.format",
            "audio.resample",
            "audio.vad",
            "audio.segmenter",
            "audio.segment-writer");
  }

  @Test
  void runResamplesA48kHzFileTo16kHz() throws Exception {
    int frames = 48000 / 2;
    ByteBuffer wav = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * 2);
    wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    wav.putShort((short) 1).putShort((short) 1).putInt(48000).putInt(96000);
    wav.putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * 2);
    for (int i = 0; i < frames; i++) {
      wav.putShort((short) Math.round(10000 * Math.sin(2 * Math.PI * 440 * i / 48000)));
    }
    Files.write(dir.resolve("in.wav"), wav.array());
    Path manifest = dir.resolve("audio.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: resample
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: in.wav, frame: 10ms } }
          - { id: rate, type: audio.resample, after: [read], with: { rate: 16000, quality: high } }
          - { id: write, type: audio.wav-sink, after: [rate], with: { path: out.wav } }
        """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    ByteBuffer out =
        ByteBuffer.wrap(Files.readAllBytes(dir.resolve("out.wav"))).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(out.getInt(24)).as("sample rate").isEqualTo(16000);
    assertThat(out.getShort(34)).as("bits").isEqualTo((short) 16);
    assertThat(out.getInt(40)).as("data bytes").isEqualTo(8000 * 2);
  }

  @Test
  void aQualityTheResamplerDoesNotKnowIsRefusedBeforeTheRun() throws Exception {
    Path manifest = dir.resolve("audio.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: bad-quality
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: in.wav } }
          - { id: rate, type: audio.resample, after: [read], with: { rate: 16000, quality: best } }
          - { id: write, type: audio.wav-sink, after: [rate], with: { path: out.wav } }
        """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains("node rate: quality must be low, medium or high, not 'best'")
        .doesNotContain("Exception");
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

  @Test
  void validateNamesAMissingSileroModelAndHowToGetIt() throws Exception {
    Path manifest = dir.resolve("vad.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: silero
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: in.wav } }
          - id: vad
            type: audio.vad
            after: [read]
            with: { engine: silero, model: silero_vad_v5.onnx }
        """);

    Cli.Result r = Cli.run("validate", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains(
            ":9:",
            "node 'vad': the model file " + dir.resolve("silero_vad_v5.onnx") + " does not exist",
            "hint: get it with: npm pack @ricky0123/vad-web")
        .doesNotContain("Exception");
  }
}
