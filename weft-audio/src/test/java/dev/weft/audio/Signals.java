package dev.weft.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/** Test signals, a resampler driven frame by frame, and the measures the resampling tests use. */
final class Signals {

  private Signals() {}

  /** {@code seconds} of a sine of {@code frequency} Hz and {@code amplitude} at {@code rate}. */
  static double[] sine(int rate, double frequency, double amplitude, double seconds) {
    double[] x = new double[(int) Math.round(rate * seconds)];
    for (int i = 0; i < x.length; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * frequency * i / rate);
    }
    return x;
  }

  /** Interleaved {@code samples} cut into frames of {@code frame} sample frames. */
  static List<AudioFrame> frames(
      double[] samples, int rate, int channels, SampleFormat format, int frame) {
    List<AudioFrame> frames = new ArrayList<>();
    int length = samples.length / channels;
    for (int start = 0; start < length; start += frame) {
      int n = Math.min(frame, length - start);
      double[] part = new double[n * channels];
      System.arraycopy(samples, start * channels, part, 0, part.length);
      frames.add(AudioFrame.of(rate, channels, format, part, Duration.ZERO, frames.size()));
    }
    return frames;
  }

  /** {@code frames} through a fresh resampler: every output frame, the last from its finish. */
  static List<AudioFrame> resample(
      List<AudioFrame> frames, int rate, ResampleFilter.Quality quality) {
    Resampler resampler = new Resampler(rate, quality);
    List<AudioFrame> out = new ArrayList<>();
    for (AudioFrame frame : frames) {
      AudioFrame o = resampler.accept(frame);
      if (o != null) {
        out.add(o);
      }
    }
    AudioFrame last = resampler.finish();
    if (last != null) {
      out.add(last);
    }
    return out;
  }

  /** Mono f32 {@code samples} at {@code inRate} resampled to {@code outRate}, as one array. */
  static double[] resample(
      double[] samples, int inRate, int outRate, ResampleFilter.Quality quality) {
    return samples(
        resample(frames(samples, inRate, 1, SampleFormat.F32, inRate / 50), outRate, quality));
  }

  /** The interleaved samples of {@code frames} end to end. */
  static double[] samples(List<AudioFrame> frames) {
    int total = 0;
    for (AudioFrame f : frames) {
      total += f.length() * f.channels();
    }
    double[] x = new double[total];
    int at = 0;
    for (AudioFrame f : frames) {
      for (int i = 0; i < f.length() * f.channels(); i++) {
        x[at++] = f.sample(i);
      }
    }
    return x;
  }

  /** The root mean square of {@code x[from..to)}. */
  static double rms(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** The signal-to-noise ratio in dB of {@code x} against {@code reference} over [from, to). */
  static double snrDb(double[] x, double[] reference, int from, int to) {
    double signal = 0;
    double noise = 0;
    for (int i = from; i < to; i++) {
      signal += reference[i] * reference[i];
      noise += (x[i] - reference[i]) * (x[i] - reference[i]);
    }
    return 10 * Math.log10(signal / noise);
  }

  /** The frequency in Hz of the strongest bin of {@code x[from..from+2^k)}, Hann-windowed. */
  static double peakFrequency(double[] x, int from, int rate) {
    int n = Integer.highestOneBit(x.length - from);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = x[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    new DoubleFFT_1D(n).realForward(a);
    int best = 1;
    double bestPower = 0;
    for (int k = 1; k < n / 2; k++) {
      double power = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
      if (power > bestPower) {
        bestPower = power;
        best = k;
      }
    }
    return (double) best * rate / n;
  }

  /**
   * The magnitude response of prototype {@code h}, over {@code n} (a power of two) bins from 0 to
   * half its rate, divided by its {@code gain}: {@code |H(k * rate / (2 n))|}.
   */
  static double[] response(double[] h, double gain, int n) {
    double[] a = new double[2 * n];
    System.arraycopy(h, 0, a, 0, h.length);
    new DoubleFFT_1D(2 * n).realForward(a);
    double[] magnitude = new double[n];
    magnitude[0] = Math.abs(a[0]) / gain;
    for (int k = 1; k < n; k++) {
      magnitude[k] = Math.hypot(a[2 * k], a[2 * k + 1]) / gain;
    }
    return magnitude;
  }
}
