package dev.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speech at known times for the audio benchmarks, made by {@code examples/make-speech.sh} (run from
 * the repository root; needs espeak-ng and sox), as 16-bit samples and per-frame truth.
 */
final class SpeechCorpus {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One recording.
   *
   * @param rate its sample rate
   * @param samples its 16-bit mono samples
   * @param spans its sentences' {start, end} in seconds
   */
  record Recording(int rate, short[] samples, List<double[]> spans) {

    /** Whether more than half of frame {@code index} of {@code length} samples is speech. */
    boolean isSpeech(int index, int length) {
      double start = (double) index * length / rate;
      double seconds = (double) length / rate;
      double inside = 0;
      for (double[] s : spans) {
        inside += Math.max(0, Math.min(start + seconds, s[1]) - Math.max(start, s[0]));
      }
      return inside > seconds / 2;
    }

    /** The samples as normalised floats. */
    float[] floats() {
      float[] x = new float[samples.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = samples[i] / 32768f;
      }
      return x;
    }
  }

  private SpeechCorpus() {}

  /**
   * Makes {@code sentences} sentences at {@code rate} Hz in {@code dir}, with pink noise at {@code
   * snr} dB, or clean when null.
   */
  static Recording make(Path dir, int rate, Integer snr, int sentences)
      throws IOException, InterruptedException {
    Path wav = dir.resolve("speech-" + rate + "-" + (snr == null ? "clean" : snr + "dB") + ".wav");
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "examples/make-speech.sh",
                "--out",
                wav.toString(),
                "--rate",
                "" + rate,
                "--sentences",
                "" + sentences));
    if (snr != null) {
      command.addAll(List.of("--snr", "" + snr));
    }
    run(command);
    byte[] raw = run(List.of("sox", wav.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-"));
    short[] samples = new short[raw.length / 2];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    List<double[]> spans = new ArrayList<>();
    Path truth = Path.of(wav.toString().replaceAll("\\.wav$", ".truth.jsonl"));
    for (String line : Files.readAllLines(truth)) {
      JsonNode span = JSON.readTree(line);
      spans.add(new double[] {span.get("start").asDouble(), span.get("end").asDouble()});
    }
    return new Recording(rate, samples, spans);
  }

  /** Runs {@code command} from the working directory; its stdout. */
  static byte[] run(List<String> command) throws IOException, InterruptedException {
    File errors = File.createTempFile("bench", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(errors)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " failed: " + Files.readString(errors.toPath()).strip());
      }
      return out;
    } finally {
      Files.deleteIfExists(errors.toPath());
    }
  }
}
