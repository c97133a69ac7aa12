package dev.weft.audio;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * How one sample is stored in an {@link AudioFrame}: little-endian, interleaved. Each format maps
 * its samples to the normalised range [-1, 1): an integer sample {@code s} of {@code b} bits is
 * {@code s / 2^(b-1)}, which is exact in a {@code double}.
 */
public enum SampleFormat {
  /** Signed 16-bit integers. */
  I16(2),
  /** Signed 32-bit integers (24-bit WAV samples are read into the top 24 bits). */
  I32(4),
  /** 32-bit IEEE floats, full scale at ±1.0. */
  F32(4);

  private static final double I16_SCALE = 32768.0;
  private static final double I32_SCALE = 2147483648.0;

  private final int bytes;

  SampleFormat(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per sample. */
  public int bytes() {
    return bytes;
  }

  /** The name used in manifests: {@code i16}, {@code i32} or {@code f32}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a manifest names ({@code i16}, {@code i32}, {@code f32}), or {@code null}. */
  public static SampleFormat byId(String id) {
    for (SampleFormat format : values()) {
      if (format.id().equals(id)) {
        return format;
      }
    }
    return null;
  }

  /** Sample {@code index} of a little-endian buffer, normalised. */
  double read(ByteBuffer buffer, int index) {
    return switch (this) {
      case I16 -> buffer.getShort(index * 2) / I16_SCALE;
      case I32 -> buffer.getInt(index * 4) / I32_SCALE;
      case F32 -> buffer.getFloat(index * 4);
    };
  }

  /**
   * Writes a normalised sample: integers are rounded to the nearest (ties to even) and clipped to
   * their range; NaN is written as 0.
   */
  void write(ByteBuffer buffer, int index, double value) {
    double x = Double.isNaN(value) ? 0 : value;
    switch (this) {
      case I16 -> buffer.putShort(index * 2, (short) clip(Math.rint(x * I16_SCALE), I16_SCALE));
      case I32 -> buffer.putInt(index * 4, (int) clip(Math.rint(x * I32_SCALE), I32_SCALE));
      case F32 -> buffer.putFloat(index * 4, (float) x);
    }
  }

  /** One step of the integer formats, normalised; 0 for floats. */
  double step() {
    return switch (this) {
      case I16 -> 1 / I16_SCALE;
      case I32 -> 1 / I32_SCALE;
      case F32 -> 0;
    };
  }

  private static double clip(double scaled, double scale) {
    return Math.max(-scale, Math.min(scale - 1, scaled));
  }
}
