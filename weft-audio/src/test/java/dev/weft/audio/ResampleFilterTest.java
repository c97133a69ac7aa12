package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The designed filters' frequency response, measured by an FFT of each prototype (JTransforms):
 * pass-band ripple up to the preset's pass band and the worst stop-band gain above the lower
 * Nyquist frequency. docs/audio.md quotes the figures this test prints.
 */
class ResampleFilterTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2}")
  @CsvSource({
    "48000, 16000, LOW, 0.05, 59",
    "48000, 16000, MEDIUM, 0.002, 89",
    "48000, 16000, HIGH, 0.0002, 118",
    "44100, 16000, HIGH, 0.0002, 118",
    "16000, 48000, HIGH, 0.0002, 118",
    "44100, 48000, LOW, 0.05, 59",
    "44100, 48000, MEDIUM, 0.002, 89",
    "44100, 48000, HIGH, 0.0002, 118",
    "8000, 22050, HIGH, 0.0002, 118",
  })
  void thePassBandIsFlatAndTheStopBandRejects(
      int in, int out, ResampleFilter.Quality quality, double maxRippleDb, double minRejectionDb) {
    ResampleFilter filter = new ResampleFilter(in, out, quality);
    double upRate = (double) filter.up() * in;
    int n = Integer.highestOneBit((int) (upRate / 4)) * 2;
    double[] magnitude = Signals.response(filter, n);
    double bin = upRate / (2.0 * n);
    double nyquist = Math.min(in, out) / 2.0;

    double lowest = Double.MAX_VALUE;
    double highest = 0;
    for (int k = 0; k * bin <= quality.passband() * nyquist; k++) {
      lowest = Math.min(lowest, magnitude[k]);
      highest = Math.max(highest, magnitude[k]);
    }
    double stop = 0;
    for (int k = (int) Math.ceil(nyquist / bin); k < n; k++) {
      stop = Math.max(stop, magnitude[k]);
    }
    double rippleDb = 20 * Math.log10(highest / lowest);
    double rejectionDb = -20 * Math.log10(stop);
    System.out.printf(
        "resample %d -> %d %s: %d taps per phase, %d phases, latency %.3f ms,"
            + " pass-band ripple %.5f dB, stop-band rejection %.1f dB%n",
        in,
        out,
        quality.id(),
        filter.taps(),
        filter.up(),
        filter.latencySeconds(in) * 1000,
        rippleDb,
        rejectionDb);

    assertThat(rippleDb).isLessThan(maxRippleDb);
    assertThat(rejectionDb).isGreaterThan(minRejectionDb);
  }
}
