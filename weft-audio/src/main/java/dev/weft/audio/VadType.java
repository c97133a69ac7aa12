package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.validate.Suggestions;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code audio.vad}: {@link AudioFrame}s in, one {@link VadFrame} per analysis frame out (10, 20 or
 * 30 ms; default 30), each marked speech or not. The native engine ({@link NativeVad}, the default)
 * works at 8, 16, 32 and 48 kHz; {@code engine: silero} runs the Silero VAD model of {@code model}
 * ({@link SileroVad}) at 8 and 16 kHz; a missing model file fails validation with a hint. {@code
 * aggressiveness} (0 to 3, default 2) sets the threshold and hangover; {@code threshold}, {@code
 * onset} and {@code hangover} set them one by one. See {@link VoiceActivityDetector} for how
 * decisions are made.
 */
public final class VadType implements StreamNodeType {

  /** The rates the native engine takes. */
  static final Set<Integer> NATIVE_RATES = Set.of(8000, 16000, 32000, 48000);

  /** The analysis frames the native engine takes, in ms. */
  static final Set<Long> NATIVE_FRAMES = Set.of(10L, 20L, 30L);

  /** Threshold and hangover (ms) for aggressiveness 0 to 3. */
  private static final double[] THRESHOLDS = {0.4, 0.4, 0.5, 0.7};

  private static final long[] HANGOVERS = {210, 180, 150, 120};

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
        .optional(
            "engine",
            ConfigSchema.Type.STRING,
            "native (default: in Java, 8/16/32/48 kHz) or silero (the Silero VAD model, 8/16 kHz)")
        .optional(
            "model",
            ConfigSchema.Type.PATH,
            "engine silero: the Silero VAD v5 ONNX file, e.g. silero_vad_v5.onnx")
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

  /** How to get the Silero model file, for hints. */
  static final String MODEL_HINT =
      "get it with: npm pack @ricky0123/vad-web && tar xzf ricky0123-vad-web-*.tgz"
          + " package/dist/silero_vad_v5.onnx, then write model: package/dist/silero_vad_v5.onnx";

  @Override
  public List<ConfigSchema.Violation> check(Map<String, Object> with) {
    Object engine = with.getOrDefault("engine", "native");
    Object model = with.get("model");
    if (!engine.equals("native") && !engine.equals("silero")) {
      return List.of(
          new ConfigSchema.Violation(
              "engine",
              "unknown VAD engine '" + engine + "'",
              Suggestions.didYouMean(engine.toString(), List.of("native", "silero"), "engines")));
    }
    if (engine.equals("native")) {
      return model == null
          ? List.of()
          : List.of(
              new ConfigSchema.Violation(
                  "model",
                  "model is for engine: silero; the native engine has none",
                  "add engine: silero, or remove model"));
    }
    if (model == null) {
      return List.of(
          new ConfigSchema.Violation(
              null, "engine silero needs model: the Silero VAD ONNX file", MODEL_HINT));
    }
    if (!Files.isRegularFile(Path.of(model.toString()))) {
      return List.of(
          new ConfigSchema.Violation(
              "model", "the model file " + model + " does not exist", MODEL_HINT));
    }
    return List.of();
  }

  @Override
  public Stage create(Node node) {
    Map<String, Object> with = node.with();
    boolean silero = "silero".equals(with.get("engine"));
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
    VadEngine.Factory engine =
        silero
            ? (rate, length) -> new SileroVad(Path.of((String) with.get("model")), rate, length)
            : VadType::nativeEngine;
    VoiceActivityDetector detector = new VoiceActivityDetector(engine, settings);
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
