package dev.weft.bench;

import dev.weft.audio.AudioFrame;
import dev.weft.audio.SampleFormat;
import dev.weft.audio.VadFrame;
import dev.weft.audio.VadType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frame-level precision, recall and F1 of {@code audio.vad} (native engine at aggressiveness 0 to
 * 3, and {@code engine: silero}) beside the WebRTC VAD (modes 0 to 3), on the same 16 kHz speech
 * from {@code examples/make-speech.sh} (12 sentences, about 50 s), clean and in pink noise at 10
 * and 0 dB SNR, in 30 ms frames; the truth is the generator's sentence times (a frame is speech
 * when more than half of it lies inside a sentence).
 *
 * <p>Run from the repository root (needs espeak-ng, sox and libwebrtc-audio-processing1; the Silero
 * model as the audio tests fetch it, or its path as the first argument): {@code ./mvnw -q -B
 * package -pl weft-bench -am -DskipTests && java --enable-native-access=ALL-UNNAMED -cp
 * weft-bench/target/benchmarks.jar dev.weft.bench.VadAccuracy}
 */
public final class VadAccuracy {

  static final Path DEFAULT_MODEL =
      Path.of("weft-audio/target/silero/package/dist/silero_vad_v5.onnx");

  static final int RATE = 16000;
  static final int FRAME = 480;

  private VadAccuracy() {}

  /** Prints the table. */
  public static void main(String[] args) throws Exception {
    Path model = args.length > 0 ? Path.of(args[0]) : DEFAULT_MODEL;
    Path dir = Files.createTempDirectory("vad-accuracy");
    Integer[] snrs = {null, 10, 0};
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (Integer snr : snrs) {
      SpeechCorpus.Recording speech = SpeechCorpus.make(dir, RATE, snr, 12);
      for (int level = 0; level < 4; level++) {
        add(
            rows,
            "weft native, aggressiveness " + level,
            score(speech, weft(speech, Map.of("aggressiveness", level))));
      }
      if (Files.isRegularFile(model)) {
        add(
            rows,
            "weft silero, aggressiveness 2",
            score(speech, weft(speech, Map.of("engine", "silero", "model", model.toString()))));
      }
      for (int mode = 0; mode < 4; mode++) {
        add(rows, "WebRTC VAD, mode " + mode, score(speech, webrtc(speech, mode)));
      }
    }
    System.out.println("| engine | clean P / R / F1 | 10 dB P / R / F1 | 0 dB P / R / F1 |");
    System.out.println("|---|---|---|---|");
    rows.forEach((name, cells) ->
        System.out.println("| " + name + " | " + String.join(" | ", cells) + " |"));
    if (!Files.isRegularFile(model)) {
      System.out.println("(no Silero model at " + model + ": run the weft-audio tests first)");
    }
  }

  private static void add(Map<String, List<String>> rows, String name, String cell) {
    rows.computeIfAbsent(name, k -> new ArrayList<>()).add(cell);
  }

  /** The recording as 30 ms i16 frames. */
  static List<AudioFrame> frames(SpeechCorpus.Recording speech) {
    List<AudioFrame> frames = new ArrayList<>();
    for (int f = 0; (f + 1) * FRAME <= speech.samples().length; f++) {
      ByteBuffer bytes = ByteBuffer.allocate(FRAME * 2).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asShortBuffer().put(speech.samples(), f * FRAME, FRAME);
      frames.add(new AudioFrame(RATE, 1, SampleFormat.I16, bytes, Duration.ofMillis(30L * f), f));
    }
    return frames;
  }

  private static boolean[] weft(SpeechCorpus.Recording speech, Map<String, ?> with)
      throws Exception {
    List<VadFrame> out =
        new NodeDriver<AudioFrame, VadFrame>(new VadType(), with).runAll(frames(speech));
    boolean[] speechFrames = new boolean[out.size()];
    for (int i = 0; i < speechFrames.length; i++) {
      speechFrames[i] = out.get(i).speech();
    }
    return speechFrames;
  }

  private static boolean[] webrtc(SpeechCorpus.Recording speech, int mode) {
    boolean[] out = new boolean[speech.samples().length / FRAME];
    try (WebRtcVad vad = new WebRtcVad(RATE, FRAME, mode)) {
      for (int f = 0; f < out.length; f++) {
        out[f] = vad.isSpeech(speech.samples(), f * FRAME);
      }
    }
    return out;
  }

  /** "P / R / F1" of {@code marked} against the recording's truth. */
  static String score(SpeechCorpus.Recording speech, boolean[] marked) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int f = 0; f < marked.length; f++) {
      boolean truth = speech.isSpeech(f, FRAME);
      if (marked[f] && truth) {
        tp++;
      } else if (marked[f]) {
        fp++;
      } else if (truth) {
        fn++;
      }
    }
    double p = tp / (double) Math.max(1, tp + fp);
    double r = tp / (double) Math.max(1, tp + fn);
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return String.format("%.3f / %.3f / **%.4f**", p, r, f1);
  }
}
