package dev.weft.audio;

import java.util.Arrays;

/** A growable run of one channel's samples: what a resampling stage writes its output into. */
final class Samples {

  private double[] x = new double[1024];
  private int size;

  /** Appends one sample. */
  void add(double sample) {
    if (size == x.length) {
      x = Arrays.copyOf(x, 2 * size);
    }
    x[size++] = sample;
  }

  /** Appends {@code from[at..at + count)}. */
  void addAll(double[] from, int at, int count) {
    if (size + count > x.length) {
      x = Arrays.copyOf(x, Math.max(size + count, 2 * x.length));
    }
    System.arraycopy(from, at, x, size, count);
    size += count;
  }

  /** The samples, from 0 to {@link #size()}. */
  double[] array() {
    return x;
  }

  int size() {
    return size;
  }

  /** Empties it, keeping the room. */
  void clear() {
    size = 0;
  }
}
