package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.stream.StreamResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code audio.resample} in stream pipelines (wav-source, resample, wav-sink) on audio made by sox
 * and espeak-ng, its output compared with what {@code sox in.wav -r RATE out.wav} makes. Tones well
 * inside the pass band agree to more than 120 dB; speech to about 57 dB, the difference being its
 * content between 0.91 and 0.95 of the new Nyquist frequency, which sox passes and the high preset
 * starts to cut.
 */
class ResamplePipelineTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} at {1} Hz, {2} ch -> {3} Hz {4}")
  @CsvSource({
    "speech, 22050, 1, 16000, high, 50",
    "tones, 44100, 2, 16000, high, 120",
    "tones, 48000, 2, 16000, medium, 100",
    "tones, 16000, 2, 48000, high, 120",
    "tones, 8000, 1, 44100, high, 120",
  })
  void theResampledFileMatchesWhatSoxMakes(
      String signal, int in, int channels, int out, String quality, double minSnrDb)
      throws Exception {
    if (signal.equals("speech")) {
      Tools.run(dir, "espeak-ng", "-w", "in.wav", "resampling speech for a model, from weft");
    } else {
      Tools.sox(
          dir,
          "-n",
          "-r",
          "" + in,
          "-c",
          "" + channels,
          "-b",
          "16",
          "in.wav",
          "synth",
          "1",
          "sine",
          "440",
          "sine",
          "1000",
          "sine",
          "" + in / 8,
          "gain",
          "-3");
    }
    Tools.sox(dir, "in.wav", "-r", "" + out, "-e", "floating-point", "-b", "32", "sox.wav");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: in.wav, frame: 30ms } }
              - { id: wide, type: audio.format, after: [read], with: { format: f32 } }
              - { id: rate, type: audio.resample, after: [wide], with: { rate: %d, quality: %s } }
              - { id: write, type: audio.wav-sink, after: [rate], with: { path: out/out.wav } }
            """
                .formatted(out, quality));

    assertThat(result.status()).as("%s", result.error()).isEqualTo(StreamResult.Status.SUCCEEDED);
    try (WavReader reader = WavReader.open(dir.resolve("out/out.wav"));
        WavReader input = WavReader.open(dir.resolve("in.wav"))) {
      assertThat(reader.format().sampleRate()).isEqualTo(out);
      assertThat(reader.format().channels()).isEqualTo(input.format().channels());
      long inFrames = input.format().dataLength() / input.format().blockAlign();
      assertThat((double) reader.format().dataLength() / reader.format().blockAlign())
          .isCloseTo((double) inFrames * out / in, within(1.0));
    }
    double[] ours = floats(Tools.raw(dir.resolve("out/out.wav")));
    double[] sox = floats(Tools.raw(dir.resolve("sox.wav")));
    int edge = out / 20 * channels;
    int to = Math.min(ours.length, sox.length) - edge;
    double snr = Signals.snrDb(ours, sox, edge, to);
    System.out.printf(
        "resample %s %d -> %d %s: SNR against sox %.1f dB%n", signal, in, out, quality, snr);
    assertThat(snr).isGreaterThan(minSnrDb);
  }

  private static double[] floats(byte[] raw) {
    ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    double[] x = new double[raw.length / 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = bytes.getFloat(i * 4);
    }
    return x;
  }
}
