package dev.weft.audio;

/**
 * Kaiser-windowed sinc low-pass design, shared by {@link ResampleFilter} and {@link
 * LowPassDecimator}: the window's shape and length for a stop-band rejection and a transition width
 * (Kaiser's formulas), and the windowed sinc itself.
 */
final class Kaiser {

  private Kaiser() {}

  /**
   * The taps a Kaiser-windowed sinc needs for {@code rejectionDb} over a transition {@code width}
   * cycles per sample wide.
   */
  static int length(double rejectionDb, double width) {
    return (int) Math.ceil((rejectionDb - 7.95) / (2.285 * 2 * Math.PI * width)) + 1;
  }

  /** The window's shape parameter for {@code rejectionDb}. */
  static double beta(double rejectionDb) {
    double a = rejectionDb;
    return a > 50 ? 0.1102 * (a - 8.7) : 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
  }

  /**
   * A low-pass of {@code n} taps centred on tap {@code centre} (taps at or beyond {@code half} from
   * it are 0), cut off at {@code cutoff} cycles per sample, with a gain of {@code gain}.
   */
  static double[] lowPass(int n, int centre, double half, double cutoff, double beta, double gain) {
    double[] h = new double[n];
    double norm = besselI0(beta);
    for (int i = 0; i < n; i++) {
      double t = i - centre;
      double x = t / half;
      if (Math.abs(x) >= 1) {
        continue;
      }
      double sinc = t == 0 ? 1 : Math.sin(2 * Math.PI * cutoff * t) / (2 * Math.PI * cutoff * t);
      h[i] = gain * 2 * cutoff * sinc * besselI0(beta * Math.sqrt(1 - x * x)) / norm;
    }
    return h;
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
