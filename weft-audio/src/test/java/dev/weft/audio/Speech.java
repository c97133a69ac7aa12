package dev.weft.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speech at known times, made by {@code examples/make-speech.sh} (espeak-ng and sox), and the
 * frame-level scores of a detector against those times.
 */
final class Speech {

  private static final Path SCRIPT = Path.of("../examples/make-speech.sh").toAbsolutePath();
  private static final Pattern TIMES = Pattern.compile("\"start\": ([0-9.]+), \"end\": ([0-9.]+)");

  /**
   * A sentence's true time span, in seconds.
   *
   * @param start the first sample above -50 dBFS
   * @param end the last
   */
  record Span(double start, double end) {}

  /**
   * A file made by the script: the WAV and the true speech times.
   *
   * @param wav the WAV file
   * @param spans the sentences' times
   */
  record Recording(Path wav, List<Span> spans) {}

  private Speech() {}

  /**
   * Makes {@code name}.wav in {@code dir} at {@code rate} Hz: {@code sentences} sentences, with
   * pink noise at {@code snr} dB, or clean when {@code snr} is null.
   */
  static Recording make(Path dir, String name, int rate, Integer snr, int sentences)
      throws IOException, InterruptedException {
    Tools.require("espeak-ng");
    Tools.require("sox");
    Path wav = dir.resolve(name + ".wav");
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                SCRIPT.toString(),
                "--out",
                wav.toString(),
                "--rate",
                "" + rate,
                "--sentences",
                "" + sentences));
    if (snr != null) {
      command.addAll(List.of("--snr", "" + snr));
    }
    Tools.run(dir, command.toArray(String[]::new));
    return new Recording(wav, spans(dir.resolve(name + ".truth.jsonl")));
  }

  /** The spans of a truth file written by the script. */
  static List<Span> spans(Path truth) throws IOException {
    List<Span> spans = new ArrayList<>();
    for (String line : Files.readAllLines(truth)) {
      Matcher m = TIMES.matcher(line);
      if (!m.find()) {
        throw new IllegalStateException("not a truth line: " + line);
      }
      spans.add(new Span(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
    }
    return spans;
  }

  /** Whether more than half of the frame from {@code start} lasting {@code length} is speech. */
  static boolean isSpeech(List<Span> spans, double start, double length) {
    double inside = 0;
    for (Span s : spans) {
      inside += Math.max(0, Math.min(start + length, s.end()) - Math.max(start, s.start()));
    }
    return inside > length / 2;
  }

  /**
   * Frame-level precision, recall and F1 of {@code frames} against {@code spans}.
   *
   * @param precision the share of frames marked speech that are speech
   * @param recall the share of speech frames marked speech
   * @param f1 their harmonic mean
   */
  record Score(double precision, double recall, double f1) {

    static Score of(List<VadFrame> frames, List<Span> spans) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (VadFrame f : frames) {
        double start = f.audio().timestamp().toNanos() / 1e9;
        double length = f.audio().duration().toNanos() / 1e9;
        boolean truth = isSpeech(spans, start, length);
        if (f.speech() && truth) {
          tp++;
        } else if (f.speech()) {
          fp++;
        } else if (truth) {
          fn++;
        }
      }
      double precision = tp / (double) Math.max(1, tp + fp);
      double recall = tp / (double) Math.max(1, tp + fn);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      return new Score(precision, recall, f1);
    }
  }
}
