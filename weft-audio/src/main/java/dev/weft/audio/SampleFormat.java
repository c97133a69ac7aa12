package dev.weft.audio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  /** Little-endian samples at any byte offset, read and written through memory segments. */
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

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
   * Reads {@code count} samples, normalised, into {@code into[0..count)}: samples {@code first},
   * {@code first + stride}, ... of a little-endian buffer (one channel of an interleaved frame).
   */
  void read(ByteBuffer buffer, int first, int stride, double[] into, int count) {
    if (count == 0) {
      return;
    }
    // one bulk copy of the span (a plain memory copy on a little-endian machine), then every
    // stride-th sample converted: much faster than reading the samples one by one
    ByteBuffer bytes = buffer.duplicate().position(0).order(ByteOrder.LITTLE_ENDIAN);
    int span = (count - 1) * stride + 1;
    switch (this) {
      case I16 -> {
        short[] raw = new short[span];
        bytes.asShortBuffer().get(first, raw, 0, span);
        for (int i = 0; i < count; i++) {
          into[i] = raw[i * stride] / I16_SCALE;
        }
      }
      case I32 -> {
        int[] raw = new int[span];
        bytes.asIntBuffer().get(first, raw, 0, span);
        for (int i = 0; i < count; i++) {
          into[i] = raw[i * stride] / I32_SCALE;
        }
      }
      case F32 -> {
        float[] raw = new float[span];
        bytes.asFloatBuffer().get(first, raw, 0, span);
        for (int i = 0; i < count; i++) {
          into[i] = raw[i * stride];
        }
      }
    }
  }

  /**
   * Writes a normalised sample: integers are rounded to the nearest (ties to even) and clipped to
   * their range; NaN is written as 0.
   */
  void write(ByteBuffer buffer, int index, double value) {
    switch (this) {
      case I16 -> buffer.putShort(index * 2, toI16(value));
      case I32 -> buffer.putInt(index * 4, toI32(value));
      case F32 -> buffer.putFloat(index * 4, toF32(value));
    }
  }

  /**
   * {@code samples[0..count)} stored as this format, little-endian, each as {@link #write} stores
   * it.
   */
  byte[] encode(double[] samples, int count) {
    byte[] raw = new byte[count * bytes];
    MemorySegment out = MemorySegment.ofArray(raw);
    switch (this) {
      case I16 -> {
        for (int i = 0; i < count; i++) {
          out.set(SHORT, (long) i * 2, toI16(samples[i]));
        }
      }
      case I32 -> {
        for (int i = 0; i < count; i++) {
          out.set(INT, (long) i * 4, toI32(samples[i]));
        }
      }
      case F32 -> {
        for (int i = 0; i < count; i++) {
          out.set(FLOAT, (long) i * 4, toF32(samples[i]));
        }
      }
    }
    return raw;
  }

  private static short toI16(double value) {
    return (short) clip(Math.rint(value * I16_SCALE), I16_SCALE);
  }

  private static int toI32(double value) {
    return (int) clip(Math.rint(value * I32_SCALE), I32_SCALE);
  }

  private static float toF32(double value) {
    return Double.isNaN(value) ? 0 : (float) value;
  }

  /** One step of the integer formats, normalised; 0 for floats. */
  double step() {
    return switch (this) {
      case I16 -> 1 / I16_SCALE;
      case I32 -> 1 / I32_SCALE;
      case F32 -> 0;
    };
  }

  /** Clipped to the integer range; NaN to 0. */
  private static double clip(double scaled, double scale) {
    return Double.isNaN(scaled) ? 0 : Math.max(-scale, Math.min(scale - 1, scaled));
  }
}
