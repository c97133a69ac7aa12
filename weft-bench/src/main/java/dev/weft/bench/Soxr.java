package dev.weft.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libsoxr (Debian's {@code libsoxr0}) through the FFM API: {@code soxr_oneshot} on 32-bit float
 * mono at {@code SOXR_HQ} (20-bit precision, as {@code sox rate -h}). A peer for {@link
 * ResampleBenchmark} and {@link ResampleComparison}.
 */
@SuppressWarnings("restricted") // native calls into libsoxr, by design
final class Soxr {

  static final String LIBRARY = "libsoxr.so.0";

  private static final MethodHandle ONESHOT =
      Linker.nativeLinker()
          .downcallHandle(
              SymbolLookup.libraryLookup(LIBRARY, Arena.global())
                  .find("soxr_oneshot")
                  .orElseThrow(() -> new IllegalStateException(LIBRARY + " has no soxr_oneshot")),
              FunctionDescriptor.of(
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_DOUBLE,
                  ValueLayout.JAVA_DOUBLE,
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS));

  /**
   * {@code soxr_quality_spec_t}: precision, phase response, pass-band end, stop-band start, e,
   * flags.
   */
  private static final StructLayout QUALITY =
      MemoryLayout.structLayout(
          ValueLayout.JAVA_DOUBLE.withName("precision"),
          ValueLayout.JAVA_DOUBLE.withName("phase_response"),
          ValueLayout.JAVA_DOUBLE.withName("passband_end"),
          ValueLayout.JAVA_DOUBLE.withName("stopband_begin"),
          ValueLayout.ADDRESS.withName("e"),
          ValueLayout.JAVA_LONG.withName("flags"));

  /** {@code SOXR_HQ}: 20-bit precision. */
  private static final long SOXR_HQ = 4;

  private static final MethodHandle QUALITY_SPEC =
      Linker.nativeLinker()
          .downcallHandle(
              SymbolLookup.libraryLookup(LIBRARY, Arena.global())
                  .find("soxr_quality_spec")
                  .orElseThrow(),
              FunctionDescriptor.of(QUALITY, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));

  /**
   * Buffers handed to libsoxr start on a cache line, so its vector loads and stores are aligned.
   */
  private static final long CACHE_LINE = 64;

  private Soxr() {}

  /** {@code soxr_quality_spec(SOXR_HQ, 0)}, in {@code arena}. */
  static MemorySegment highQuality(Arena arena) throws Throwable {
    return (MemorySegment) QUALITY_SPEC.invokeExact((SegmentAllocator) arena, SOXR_HQ, 0L);
  }

  /**
   * {@code in} at {@code inRate} resampled to {@code outRate}: {@code ceil(n * out / in)} samples.
   */
  static float[] resample(float[] in, int inRate, int outRate) {
    int outLength = (int) Math.ceil(in.length * (double) outRate / inRate);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment input = arena.allocate(4L * in.length, CACHE_LINE);
      MemorySegment.copy(in, 0, input, ValueLayout.JAVA_FLOAT, 0, in.length);
      MemorySegment output = arena.allocate(4L * outLength, CACHE_LINE);
      MemorySegment done = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment error =
          (MemorySegment)
              ONESHOT.invokeExact(
                  (double) inRate,
                  (double) outRate,
                  1,
                  input,
                  (long) in.length,
                  MemorySegment.NULL,
                  output,
                  (long) outLength,
                  done,
                  MemorySegment.NULL,
                  highQuality(arena),
                  MemorySegment.NULL);
      if (!error.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("soxr_oneshot: " + error.reinterpret(256).getString(0));
      }
      float[] out = new float[(int) done.get(ValueLayout.JAVA_LONG, 0)];
      MemorySegment.copy(output, ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
      return out;
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("soxr_oneshot: " + e.getMessage(), e);
    }
  }
}
