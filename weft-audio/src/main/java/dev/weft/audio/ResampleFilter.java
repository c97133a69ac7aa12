package dev.weft.audio;

import java.util.Locale;

/**
 * Designs the polyphase filter {@link Resampler} runs: a Kaiser-windowed sinc low-pass at the
 * upsampled rate {@code L * inRate}, where {@code outRate / inRate = L / M} in lowest terms, split
 * into {@code L} phases of {@link #taps()} coefficients each.
 *
 * <p>The pass band ends at {@link Quality#passband()} of the lower rate's Nyquist frequency and the
 * stop band starts at that Nyquist frequency, so nothing above the new Nyquist frequency folds back
 * when the rate goes down; the Kaiser window is chosen for {@link Quality#rejectionDb()}. The
 * filter is linear-phase and its delay is compensated by {@link Resampler}, so output samples line
 * up in time with the input.
 */
final class ResampleFilter {

  /** Rate ratios whose reduced numerator needs more phases than this are refused. */
  static final int MAX_PHASES = 4096;

  /** A quality preset: pass band (a fraction of the lower Nyquist) and stop-band rejection. */
  enum Quality {
    /** Pass band to 0.80 of the lower Nyquist, 60 dB designed rejection. */
    LOW(0.80, 60),
    /** Pass band to 0.88 of the lower Nyquist, 90 dB designed rejection. */
    MEDIUM(0.88, 90),
    /** Pass band to 0.91 of the lower Nyquist, 120 dB designed rejection. */
    HIGH(0.91, 120);

    private final double passband;
    private final double rejectionDb;

    Quality(double passband, double rejectionDb) {
      this.passband = passband;
      this.rejectionDb = rejectionDb;
    }

    double passband() {
      return passband;
    }

    double rejectionDb() {
      return rejectionDb;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The preset a manifest names ({@code low}, {@code medium}, {@code high}), or {@code null}. */
    static Quality byId(String id) {
      for (Quality quality : values()) {
        if (quality.id().equals(id)) {
          return quality;
        }
      }
      return null;
    }
  }

  private final int up;
  private final int down;
  private final int taps;
  private final int delay;
  private final double[] prototype;
  private final double[][] phases;

  /**
   * Designs the filter from {@code inRate} to {@code outRate}.
   *
   * @throws IllegalArgumentException when the reduced ratio needs more than {@link #MAX_PHASES}
   *     phases
   */
  ResampleFilter(int inRate, int outRate, Quality quality) {
    int gcd = gcd(inRate, outRate);
    this.up = outRate / gcd;
    this.down = inRate / gcd;
    if (up > MAX_PHASES) {
      throw new IllegalArgumentException(
          inRate
              + " Hz to "
              + outRate
              + " Hz reduces to "
              + up
              + "/"
              + down
              + ": more than "
              + MAX_PHASES
              + " filter phases (pick rates with a larger common divisor, e.g. 44100 or 48000)");
    }
    double upRate = (double) up * inRate;
    double nyquist = Math.min(inRate, outRate) / 2.0;
    double pass = quality.passband() * nyquist;
    double width = (nyquist - pass) / upRate;
    double cutoff = (pass + nyquist) / 2 / upRate;
    double a = quality.rejectionDb();
    double beta = a > 50 ? 0.1102 * (a - 8.7) : 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
    int length = (int) Math.ceil((a - 7.95) / (2.285 * 2 * Math.PI * width)) + 1;
    this.taps = (length + up - 1) / up;
    int n = taps * up;
    this.delay = n / 2;
    this.prototype = new double[n];
    double half = n / 2.0;
    double norm = besselI0(beta);
    for (int i = 0; i < n; i++) {
      double x = (i - delay) / half;
      if (Math.abs(x) >= 1) {
        continue;
      }
      double t = i - delay;
      double sinc = t == 0 ? 1 : Math.sin(2 * Math.PI * cutoff * t) / (2 * Math.PI * cutoff * t);
      prototype[i] = up * 2 * cutoff * sinc * besselI0(beta * Math.sqrt(1 - x * x)) / norm;
    }
    this.phases = new double[up][taps];
    for (int p = 0; p < up; p++) {
      for (int j = 0; j < taps; j++) {
        phases[p][j] = prototype[p + j * up];
      }
    }
  }

  /** {@code L}: the upsampling factor, the number of phases. */
  int up() {
    return up;
  }

  /** {@code M}: the downsampling factor. */
  int down() {
    return down;
  }

  /** Coefficients per phase: how many input samples each output sample is made of. */
  int taps() {
    return taps;
  }

  /** The filter's delay in samples of the upsampled rate (its centre). */
  int delay() {
    return delay;
  }

  /**
   * The coefficients of phase {@code phase} (not a copy: never changed): coefficient {@code j} is
   * prototype tap {@code phase + j * L} and weighs the input sample {@code j} steps back.
   */
  double[] phase(int phase) {
    return phases[phase];
  }

  /** The prototype filter at the upsampled rate (a copy), with a gain of {@code L}. */
  double[] prototype() {
    return prototype.clone();
  }

  /** The latency the filter adds, in seconds: its look-ahead past the current input sample. */
  double latencySeconds(int inRate) {
    return delay / ((double) up * inRate);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** The modified Bessel function of the first kind, order 0, by its power series. */
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 200; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
