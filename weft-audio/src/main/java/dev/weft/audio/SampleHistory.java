package dev.weft.audio;

import java.util.Arrays;

/**
 * One channel's input to a resampling stage: its samples up to {@link #end()}, those the stage no
 * longer needs dropped from the front. Indices before 0 hold silence.
 */
final class SampleHistory {

  private double[] x;
  private int size;
  private long base;

  /** An empty history whose indices {@code first} (at most 0) to 0 are silence. */
  SampleHistory(long first) {
    base = first;
    size = (int) -first;
    x = new double[Math.max(1024, 2 * size)];
  }

  /** The index after the last sample. */
  long end() {
    return base + size;
  }

  /** The samples; index {@code i} is at {@link #offset(long) offset(i)}. */
  double[] array() {
    return x;
  }

  /** Where sample {@code index} (one not dropped, before {@link #end()}) is in {@link #array()}. */
  int offset(long index) {
    return (int) (index - base);
  }

  /** Appends {@code x[0..length)}. */
  void append(double[] samples, int length) {
    reserve(length);
    System.arraycopy(samples, 0, x, size, length);
    size += length;
  }

  /** Appends silence until {@link #end()} is at least {@code index}. */
  void appendSilence(long index) {
    int pad = (int) Math.max(0, index - end());
    reserve(pad);
    Arrays.fill(x, size, size + pad, 0);
    size += pad;
  }

  /** Drops the samples before {@code index}. */
  void discardBefore(long index) {
    int drop = (int) Math.min(size, Math.max(0, index - base));
    if (drop > 0) {
      System.arraycopy(x, drop, x, 0, size - drop);
      size -= drop;
      base += drop;
    }
  }

  private void reserve(int more) {
    if (size + more > x.length) {
      x = Arrays.copyOf(x, Math.max(size + more, 2 * x.length));
    }
  }
}
