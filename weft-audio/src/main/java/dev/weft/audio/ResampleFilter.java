package dev.weft.audio;

import java.util.Locale;

/**
 * Designs a polyphase filter, which {@link PolyphaseStage} runs: a Kaiser-windowed sinc low-pass at
 * the upsampled rate {@code L * inRate}, where {@code outRate / inRate = L / M} in lowest terms,
 * split into {@code L} phases of {@link #taps()} coefficients each.
 *
 * <p>The pass band ends and the stop band starts where {@link ResampleDesign} says: for a rate
 * going up, at {@link Quality#passband()} of the input's Nyquist frequency and at that frequency;
 * after a {@link LowPassDecimator}, at the preset's pass band and where the images of the pass band
 * start. The Kaiser window is chosen for {@link Quality#rejectionDb()}. The filter is linear-phase;
 * {@link PolyphaseStage} compensates its delay.
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
    /** Pass band to 0.91 of the lower Nyquist, 140 dB designed rejection. */
    HIGH(0.91, 140);

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
  private final double[] coefficients;
  private final int[] nextPhase;
  private final int[] advance;

  /**
   * Designs the filter from {@code inRate} to {@code outRate} for {@code quality}: flat to its
   * {@link Quality#passband()} of the lower rate's Nyquist frequency, rejecting from that frequency
   * on.
   *
   * @throws IllegalArgumentException when the reduced ratio needs more than {@link #MAX_PHASES}
   *     phases
   */
  ResampleFilter(int inRate, int outRate, Quality quality) {
    this(
        inRate,
        outRate,
        quality.passband() * Math.min(inRate, outRate) / 2.0,
        Math.min(inRate, outRate) / 2.0,
        quality.rejectionDb());
  }

  /**
   * Designs the filter from {@code inRate} to {@code outRate}, flat to {@code passHz} and down by
   * {@code rejectionDb} from {@code stopHz}.
   *
   * @throws IllegalArgumentException when the reduced ratio needs more than {@link #MAX_PHASES}
   *     phases
   */
  ResampleFilter(int inRate, int outRate, double passHz, double stopHz, double rejectionDb) {
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
    int length = Kaiser.length(rejectionDb, (stopHz - passHz) / upRate);
    this.taps = (length + up - 1) / up;
    int n = taps * up;
    this.delay = n / 2;
    this.prototype =
        Kaiser.lowPass(
            n, delay, n / 2.0, (passHz + stopHz) / 2 / upRate, Kaiser.beta(rejectionDb), up);
    this.coefficients = new double[up * taps];
    this.nextPhase = new int[up];
    this.advance = new int[up];
    for (int p = 0; p < up; p++) {
      for (int k = 0; k < taps; k++) {
        coefficients[p * taps + k] = prototype[p + (taps - 1 - k) * up];
      }
      nextPhase[p] = (p + down) % up;
      advance[p] = (p + down) / up;
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
   * Every phase's coefficients in one array (not a copy: never changed), oldest input first: phase
   * {@code p}'s coefficient {@code k} is prototype tap {@code p + (taps - 1 - k) * L}, at {@code p
   * * taps + k}, and weighs the input sample {@code taps - 1 - k} steps before the newest.
   */
  double[] coefficients() {
    return coefficients;
  }

  /** The phase of the output after one of phase {@code p}: {@code (p + M) mod L}. */
  int nextPhase(int p) {
    return nextPhase[p];
  }

  /** How far the newest input sample moves from an output of phase {@code p} to the next. */
  int advance(int p) {
    return advance[p];
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
}
