package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.util.SplittableRandom;

/**
 * {@code audio.format}: {@link AudioFrame}s to another sample format, channel count and/or layout
 * (interleaved or planar), rounding to the nearest and clipping, with optional TPDF dither; a frame
 * that already fits passes through as it is. See {@link FormatConverter} for what is exact.
 */
public final class FormatType implements StreamNodeType {

  @Override
  public String name() {
    return "audio.format";
  }

  @Override
  public String description() {
    return "converts audio frames to i16, i32 or f32 and mixes channels down or up";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("format", ConfigSchema.Type.STRING, "i16, i32 or f32 (default: keep)")
        .optional(
            "channels",
            ConfigSchema.Type.INTEGER,
            "mix down to 1 or up from 1 to this many channels (default: keep)")
        .optional(
            "layout",
            ConfigSchema.Type.STRING,
            "interleaved or planar: the order of the channels' samples (default: keep)")
        .optional(
            "dither",
            ConfigSchema.Type.STRING,
            "tpdf: add triangular noise of one step before rounding to fewer bits (default none)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Object name = node.with().get("format");
    SampleFormat format = name == null ? null : SampleFormat.byId(name.toString());
    if (name != null && format == null) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": format must be i16, i32 or f32, not '" + name + "'");
    }
    Object count = node.with().get("channels");
    int channels = count == null ? 0 : ((Number) count).intValue();
    if (count != null && (channels < 1 || channels > 64)) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": channels must be from 1 to 64, not " + count);
    }
    Object order = node.with().get("layout");
    SampleLayout layout = order == null ? null : SampleLayout.byId(order.toString());
    if (order != null && layout == null) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": layout must be interleaved or planar, not '" + order + "'");
    }
    Object dither = node.with().getOrDefault("dither", "none");
    if (!dither.equals("tpdf") && !dither.equals("none")) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": dither must be tpdf or none, not '" + dither + "'");
    }
    SplittableRandom noise =
        dither.equals("tpdf") ? new SplittableRandom(node.id().hashCode()) : null;
    FormatConverter converter = new FormatConverter(format, channels, layout, noise);
    return (Transform<AudioFrame, AudioFrame>) (frame, out) -> out.emit(converter.convert(frame));
  }
}
