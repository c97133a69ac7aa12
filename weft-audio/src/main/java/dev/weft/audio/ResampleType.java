package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;

/**
 * {@code audio.resample}: {@link AudioFrame}s to another sample rate ({@code rate}), by
 * Kaiser-windowed sinc filters of a {@code quality} preset ({@code low}, {@code medium}, {@code
 * high}; default {@code high}): an FFT low-pass stage when the rate goes down, a polyphase stage
 * for what is left of the ratio. Any channel count and sample format; the output keeps the input's.
 * See {@link Resampler} for timing and length, {@link ResampleDesign} for the stages.
 */
public final class ResampleType implements StreamNodeType {

  /** The lowest and highest rates the node takes. */
  static final int MIN_RATE = 1000;

  static final int MAX_RATE = 384_000;

  @Override
  public String name() {
    return "audio.resample";
  }

  @Override
  public String description() {
    return "resamples audio frames to another rate (FFT and polyphase windowed sinc)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("rate", ConfigSchema.Type.INTEGER, "the output rate in Hz, e.g. 16000")
        .optional("quality", ConfigSchema.Type.STRING, "low, medium or high (default high)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    int rate = ((Number) node.with().get("rate")).intValue();
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "node "
              + node.id()
              + ": rate must be from "
              + MIN_RATE
              + " to "
              + MAX_RATE
              + " Hz, not "
              + node.with().get("rate"));
    }
    Object name = node.with().getOrDefault("quality", "high");
    ResampleFilter.Quality quality = ResampleFilter.Quality.byId(name.toString());
    if (quality == null) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": quality must be low, medium or high, not '" + name + "'");
    }
    Resampler resampler = new Resampler(rate, quality);
    return new Transform<AudioFrame, AudioFrame>() {
      @Override
      public void process(AudioFrame frame, Emitter<AudioFrame> out) {
        AudioFrame resampled;
        try {
          resampled = resampler.accept(frame);
        } catch (IllegalArgumentException e) {
          out.reject(frame, "node " + node.id() + ": " + e.getMessage());
          return;
        }
        emit(resampled, out);
      }

      @Override
      public void finish(Emitter<AudioFrame> out) {
        emit(resampler.finish(), out);
      }
    };
  }

  private static void emit(AudioFrame frame, Emitter<AudioFrame> out) {
    if (frame != null) {
      out.emit(frame);
    }
  }
}
