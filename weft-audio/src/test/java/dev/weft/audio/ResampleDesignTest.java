package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The designed stages' frequency response, measured by an FFT of each prototype (JTransforms):
 * pass-band ripple up to the preset's pass band, and the worst gain in each stage's stop band (from
 * the lower Nyquist frequency for the FFT stage and a single polyphase stage; from the images of
 * the pass band for a polyphase stage after the FFT stage). docs/audio.md quotes the figures this
 * test prints.
 */
class ResampleDesignTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2}")
  @CsvSource({
    "48000, 16000, LOW, 0.05, 59",
    "48000, 16000, MEDIUM, 0.002, 89",
    "48000, 16000, HIGH, 0.00002, 138",
    "44100, 16000, LOW, 0.05, 59",
    "44100, 16000, MEDIUM, 0.002, 89",
    "44100, 16000, HIGH, 0.00002, 138",
    "48000, 8000, HIGH, 0.00002, 138",
    "44100, 22050, HIGH, 0.00002, 138",
    "48000, 44100, HIGH, 0.00002, 138",
    "16000, 48000, LOW, 0.05, 59",
    "16000, 48000, MEDIUM, 0.002, 89",
    "16000, 48000, HIGH, 0.00002, 138",
    "44100, 48000, LOW, 0.05, 59",
    "44100, 48000, MEDIUM, 0.002, 89",
    "44100, 48000, HIGH, 0.00002, 138",
    "8000, 22050, HIGH, 0.00002, 138",
  })
  void everyStageIsFlatInItsPassBandAndRejectsItsStopBand(
      int in, int out, ResampleFilter.Quality quality, double maxRippleDb, double minRejectionDb) {
    ResampleDesign design = new ResampleDesign(in, out, quality);
    double pass = quality.passband() * Math.min(in, out) / 2.0;
    StringBuilder stages = new StringBuilder();
    LowPassDecimator decimator = design.decimator();
    if (decimator != null) {
      double[] measured = measure(decimator.prototype(), 1, in, pass, out / 2.0);
      stages.append(
          String.format(
              "FFT stage: %d taps, 1/%d, %d-point FFT per block of %d outputs, ripple %.6f dB,"
                  + " rejection %.1f dB; ",
              decimator.prototype().length,
              decimator.factor(),
              decimator.size(),
              decimator.block(),
              measured[0],
              measured[1]));
      assertThat(measured[0]).as("FFT stage ripple").isLessThan(maxRippleDb);
      assertThat(measured[1]).as("FFT stage rejection").isGreaterThan(minRejectionDb);
    }
    ResampleFilter polyphase = design.polyphase();
    if (polyphase != null) {
      int rate = decimator == null ? in : in / decimator.factor();
      double stop = decimator == null ? Math.min(in, out) / 2.0 : rate - out / 2.0;
      double[] measured =
          measure(
              polyphase.prototype(), polyphase.up(), (double) polyphase.up() * rate, pass, stop);
      stages.append(
          String.format(
              "polyphase stage: %d taps per output, %d phases, ripple %.6f dB, rejection %.1f dB"
                  + " from %.0f Hz; ",
              polyphase.taps(), polyphase.up(), measured[0], measured[1], stop));
      assertThat(measured[0]).as("polyphase stage ripple").isLessThan(maxRippleDb);
      assertThat(measured[1]).as("polyphase stage rejection").isGreaterThan(minRejectionDb);
    }
    System.out.printf(
        "resample %d -> %d %s: %slatency %.2f ms%n",
        in, out, quality.id(), stages, design.latencySeconds() * 1000);
  }

  /**
   * The ripple in dB of prototype {@code h} at {@code rate} (gain {@code gain}) up to {@code pass}
   * Hz, and its rejection in dB from {@code stop} Hz to half the rate.
   */
  private static double[] measure(double[] h, double gain, double rate, double pass, double stop) {
    int n = Integer.highestOneBit((int) Math.max(rate / 4, 4 * h.length)) * 2;
    double[] magnitude = Signals.response(h, gain, n);
    double bin = rate / (2.0 * n);
    double lowest = Double.MAX_VALUE;
    double highest = 0;
    for (int k = 0; k * bin <= pass; k++) {
      lowest = Math.min(lowest, magnitude[k]);
      highest = Math.max(highest, magnitude[k]);
    }
    double worst = 0;
    for (int k = (int) Math.ceil(stop / bin); k < n; k++) {
      worst = Math.max(worst, magnitude[k]);
    }
    return new double[] {20 * Math.log10(highest / lowest), -20 * Math.log10(worst)};
  }
}
