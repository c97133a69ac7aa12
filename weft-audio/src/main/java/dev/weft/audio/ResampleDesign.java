package dev.weft.audio;

/**
 * The stages {@link Resampler} runs from one rate to another at a {@link ResampleFilter.Quality}:
 *
 * <ul>
 *   <li>up ({@code outRate > inRate}): one {@link ResampleFilter}, flat to the preset's pass band
 *       of the input's Nyquist frequency and rejecting from that frequency on;
 *   <li>down by a whole factor (48 → 16 kHz): one {@link LowPassDecimator}, flat to the preset's
 *       pass band of the output's Nyquist frequency and rejecting from it, run by FFT;
 *   <li>down by another ratio (44.1 → 16 kHz): that {@link LowPassDecimator}, keeping every {@code
 *       D}-th sample ({@code D} the largest divisor of the input rate with the rate still at least
 *       twice the output's, often 1), then a {@link ResampleFilter} from there to the output rate.
 *       Its input holds nothing above the output's Nyquist frequency any more, so it only has to
 *       reject the images of the pass band, from {@code rate - outRate / 2} up: a wide transition,
 *       a short filter (17 taps per output for 44.1 → 16 kHz {@code high}).
 * </ul>
 *
 * <p>Both stages are designed for the preset's rejection (a polyphase stage after the FFT stage for
 * {@link #FOLLOWER_MARGIN_DB} more, so the two stages' pass-band ripple barely adds up); both are
 * linear-phase with their delay compensated, so output samples line up in time with the input.
 */
final class ResampleDesign {

  /**
   * How much further down a polyphase stage after the FFT stage is designed: its ripple then adds a
   * tenth of the FFT stage's to the pass band, for a few taps more on a short filter.
   */
  static final double FOLLOWER_MARGIN_DB = 20;

  private final int inRate;
  private final LowPassDecimator decimator;
  private final ResampleFilter polyphase;
  private final int decimatedRate;

  /**
   * The stages from {@code inRate} to {@code outRate}.
   *
   * @throws IllegalArgumentException when the polyphase stage's ratio needs more than {@link
   *     ResampleFilter#MAX_PHASES} phases
   */
  ResampleDesign(int inRate, int outRate, ResampleFilter.Quality quality) {
    this.inRate = inRate;
    if (outRate > inRate) {
      this.decimator = null;
      this.decimatedRate = inRate;
      this.polyphase = new ResampleFilter(inRate, outRate, quality);
      return;
    }
    int factor =
        inRate % outRate == 0 ? inRate / outRate : divisorAtMost(inRate, inRate / outRate / 2);
    double nyquist = outRate / 2.0;
    double pass = quality.passband() * nyquist;
    this.decimator = new LowPassDecimator(inRate, factor, pass, nyquist, quality.rejectionDb());
    this.decimatedRate = inRate / factor;
    this.polyphase =
        decimatedRate == outRate
            ? null
            : new ResampleFilter(
                decimatedRate,
                outRate,
                pass,
                decimatedRate - nyquist,
                quality.rejectionDb() + FOLLOWER_MARGIN_DB);
  }

  /** A fresh chain of stages for one channel, in order. */
  ResampleStage[] newChannel() {
    if (decimator == null) {
      return new ResampleStage[] {new PolyphaseStage(polyphase)};
    }
    if (polyphase == null) {
      return new ResampleStage[] {new FftStage(decimator)};
    }
    return new ResampleStage[] {new FftStage(decimator), new PolyphaseStage(polyphase)};
  }

  /** The FFT stage, or {@code null} when the rate goes up. */
  LowPassDecimator decimator() {
    return decimator;
  }

  /** The polyphase stage, or {@code null} when the rate goes down by a whole factor. */
  ResampleFilter polyphase() {
    return polyphase;
  }

  /** The most an output sample waits for input, in seconds: the stages' latencies added. */
  double latencySeconds() {
    return (decimator == null ? 0 : decimator.latencySeconds(inRate))
        + (polyphase == null ? 0 : polyphase.latencySeconds(decimatedRate));
  }

  /** The largest divisor of {@code n} of at most {@code limit} (1 when the limit is below 1). */
  private static int divisorAtMost(int n, int limit) {
    for (int d = limit; d > 1; d--) {
      if (n % d == 0) {
        return d;
      }
    }
    return 1;
  }
}
