package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code audio.vad}: {@link AudioFrame}s in, one {@link VadFrame} per analysis frame out (10, 20 or
 * 30 ms; default 30), each marked speech or not. The native engine ({@link NativeVad}) works at 8,
 * 16, 32 and 48 kHz. {@code aggressiveness} (0 to 3, default 2) sets the threshold and hangover;
 * {@code threshold}, {@code onset} and {@code hangover} set them one by one. See {@link
 * VoiceActivityDetector} for how decisions are made.
 */
public final class VadType implements StreamNodeType {

  /** The rates the native engine takes. */
  static final Set<Integer> NATIVE_RATES = Set.of(8000, 16000, 32000, 48000);

  /** The analysis frames the native engine takes, in ms. */
  static final Set<Long> NATIVE_FRAMES = Set.of(10L, 20L, 30L);

  /** Threshold and hangover (ms) for aggressiveness 0 to 3. */
  private static final double[] THRESHOLDS = {0.4, 0.4, 0.5, 0.7};

  private static final long[] HANGOVERS = {240, 180, 150, 120};

  @Override
  public String name() {
    return "audio.vad";
  }

  @Override
  public String description() {
    return "marks each 10/20/30 ms audio frame as speech or not (voice activity detection)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("frame", ConfigSchema.Type.DURATION, "the analysis frame: 10ms, 20ms or 30ms")
        .optional(
            "aggressiveness",
            ConfigSchema.Type.INTEGER,
            "0 (keeps the most speech) to 3 (rejects the most non-speech); default 2")
        .optional(
            "threshold",
            ConfigSchema.Type.NUMBER,
            "the probability from which a frame counts as speech, 0 to 1")
        .optional("onset", ConfigSchema.Type.DURATION, "how long speech must last before it starts")
        .optional(
            "hangover",
            ConfigSchema.Type.DURATION,
            "how long speech goes on through frames that are not speech")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Map<String, Object> with = node.with();
    Duration frame = NodeConfig.duration(with, "frame", Duration.ofMillis(30));
    if (!NATIVE_FRAMES.contains(frame.toMillis()) || frame.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": frame must be 10ms, 20ms or 30ms, not " + with.get("frame"));
    }
    int level = ((Number) with.getOrDefault("aggressiveness", 2)).intValue();
    if (level < 0 || level > 3) {
      throw new IllegalArgumentException(
          "node "
              + node.id()
              + ": aggressiveness must be 0, 1, 2 or 3, not "
              + with.get("aggressiveness"));
    }
    double threshold = ((Number) with.getOrDefault("threshold", THRESHOLDS[level])).doubleValue();
    if (threshold < 0 || threshold > 1) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": threshold must be from 0 to 1, not " + threshold);
    }
    Duration onset = NodeConfig.duration(with, "onset", frame);
    Duration hangover = NodeConfig.duration(with, "hangover", Duration.ofMillis(HANGOVERS[level]));
    VoiceActivityDetector.Settings settings =
        new VoiceActivityDetector.Settings(
            frame,
            threshold,
            (int) Math.max(1, Math.round(onset.toNanos() / (double) frame.toNanos())),
            (int) Math.round(hangover.toNanos() / (double) frame.toNanos()));
    VoiceActivityDetector detector = new VoiceActivityDetector(VadType::nativeEngine, settings);
    return new Transform<AudioFrame, VadFrame>() {
      @Override
      public void process(AudioFrame audio, Emitter<VadFrame> out) {
        try {
          detector.accept(audio, out::emit);
        } catch (IllegalArgumentException e) {
          out.reject(audio, "node " + node.id() + ": " + e.getMessage());
        }
      }

      @Override
      public void finish(Emitter<VadFrame> out) {
        detector.finish(out::emit);
      }

      @Override
      public void close() {
        detector.close();
      }
    };
  }

  private static VadEngine nativeEngine(int rate, int length) {
    if (!NATIVE_RATES.contains(rate)) {
      throw new IllegalArgumentException(
          "the native VAD works at 8000, 16000, 32000 or 48000 Hz, not "
              + rate
              + " Hz; put audio.resample (e.g. rate: 16000) before it");
    }
    return new NativeVad(rate, length);
  }
}
