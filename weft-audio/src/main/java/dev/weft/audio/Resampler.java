package dev.weft.audio;

import java.time.Duration;
import java.util.Arrays;

/**
 * Runs a {@link ResampleFilter} over a stream of frames, keeping the input it still needs between
 * frames, so the output is the same whatever size the input frames have.
 *
 * <p>Output sample {@code m} is the filter at upsampled time {@code m * M + delay}: the delay is
 * compensated, so output sample {@code m} sits at time {@code m / outRate} like input sample {@code
 * n} sits at {@code n / inRate}. Input before the start and after the end counts as silence; after
 * {@link #finish()} the stream holds {@code ceil(n * outRate / inRate)} samples for {@code n} input
 * samples. Samples are resampled as doubles and written back in the input frame's format (integers
 * rounded to the nearest and clipped).
 */
final class Resampler {

  private final int outRate;
  private final ResampleFilter.Quality quality;
  private ResampleFilter filter;
  private int inRate;
  private int channels;
  private SampleFormat format;

  /** {@code history[c][k]} is input sample {@code base + k} of channel {@code c}. */
  private double[][] history;

  private int size;
  private long base;
  private long received;
  private long produced;
  private long sequence;

  /** A resampler to {@code outRate}; the input rate is that of the first frame. */
  Resampler(int outRate, ResampleFilter.Quality quality) {
    this.outRate = outRate;
    this.quality = quality;
  }

  /**
   * Takes one frame; returns the output it completes, or {@code null} when the filter still waits
   * for more input.
   *
   * @throws IllegalArgumentException when the frame's rate, channels or format differ from the
   *     first frame's
   */
  AudioFrame accept(AudioFrame input) {
    AudioFrame frame = input.interleaved();
    if (filter == null) {
      start(frame);
    } else if (frame.sampleRate() != inRate
        || frame.channels() != channels
        || frame.format() != format) {
      throw new IllegalArgumentException(
          "audio.resample got "
              + describe(frame.sampleRate(), frame.channels(), frame.format())
              + " after frames of "
              + describe(inRate, channels, format)
              + ": a stream must keep one layout");
    }
    int length = frame.length();
    reserve(length);
    for (int i = 0; i < length; i++) {
      for (int c = 0; c < channels; c++) {
        history[c][size + i] = frame.sample(i * channels + c);
      }
    }
    size += length;
    received += length;
    return produce(received);
  }

  /** Ends the stream: returns the last output (the input's end padded with silence), or null. */
  AudioFrame finish() {
    if (filter == null) {
      return null;
    }
    long total = Math.ceilDiv(received * filter.up(), filter.down());
    long needed = total == 0 ? received : inputIndex(total - 1) + 1;
    int pad = (int) Math.max(0, needed - received);
    reserve(pad);
    for (int c = 0; c < channels; c++) {
      Arrays.fill(history[c], size, size + pad, 0);
    }
    size += pad;
    return produce(Math.max(needed, received), total);
  }

  private AudioFrame produce(long available) {
    return produce(available, Long.MAX_VALUE);
  }

  /** Output samples from {@code produced} while their input is in and their index is below end. */
  private AudioFrame produce(long available, long end) {
    long first = produced;
    long last = first;
    while (last < end && inputIndex(last) < available) {
      last++;
    }
    int count = (int) (last - first);
    if (count == 0) {
      return null;
    }
    int taps = filter.taps();
    double[] out = new double[count * channels];
    for (int k = 0; k < count; k++) {
      long t = (first + k) * filter.down() + filter.delay();
      double[] phase = filter.phase((int) (t % filter.up()));
      int newest = (int) (t / filter.up() - base);
      for (int c = 0; c < channels; c++) {
        out[k * channels + c] = dot(phase, history[c], newest);
      }
    }
    produced = last;
    discardBefore(inputIndex(produced) - taps + 1);
    Duration timestamp =
        Duration.ofSeconds(first / outRate, (first % outRate) * 1_000_000_000L / outRate);
    return AudioFrame.of(outRate, channels, format, out, timestamp, sequence++);
  }

  /**
   * {@code sum(phase[j] * x[newest - j])}, in four running sums so the additions do not wait on
   * each other (the order is fixed, so the result does not depend on how the input was framed).
   */
  private static double dot(double[] phase, double[] x, int newest) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int taps = phase.length;
    int j = 0;
    for (; j + 3 < taps; j += 4) {
      s0 += phase[j] * x[newest - j];
      s1 += phase[j + 1] * x[newest - j - 1];
      s2 += phase[j + 2] * x[newest - j - 2];
      s3 += phase[j + 3] * x[newest - j - 3];
    }
    for (; j < taps; j++) {
      s0 += phase[j] * x[newest - j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private long inputIndex(long output) {
    return (output * filter.down() + filter.delay()) / filter.up();
  }

  private void start(AudioFrame frame) {
    inRate = frame.sampleRate();
    channels = frame.channels();
    format = frame.format();
    filter = new ResampleFilter(inRate, outRate, quality);
    int taps = filter.taps();
    history = new double[channels][Math.max(2 * taps, 1024)];
    size = taps - 1;
    base = -(taps - 1);
  }

  private void reserve(int more) {
    if (size + more > history[0].length) {
      for (int c = 0; c < channels; c++) {
        history[c] = Arrays.copyOf(history[c], Math.max(size + more, 2 * history[c].length));
      }
    }
  }

  private void discardBefore(long index) {
    int drop = (int) Math.min(size, Math.max(0, index - base));
    if (drop == 0) {
      return;
    }
    for (int c = 0; c < channels; c++) {
      System.arraycopy(history[c], drop, history[c], 0, size - drop);
    }
    size -= drop;
    base += drop;
  }

  private static String describe(int rate, int channels, SampleFormat format) {
    return rate + " Hz " + channels + "-channel " + format.id();
  }
}
