package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random rate pairs (multiples of 100 Hz from 8 to 96 kHz), lengths, frame sizes, channel counts
 * and full-scale noise: the output has the ratio's length and only finite samples in range.
 */
class ResampleProperties {

  @Property(tries = 60)
  void anyRatePairGivesTheRatiosLengthAndFiniteSamples(
      @ForAll @IntRange(min = 80, max = 960) int inHundreds,
      @ForAll @IntRange(min = 80, max = 960) int outHundreds,
      @ForAll @IntRange(min = 0, max = 5000) int length,
      @ForAll @IntRange(min = 1, max = 2000) int frame,
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll ResampleFilter.Quality quality,
      @ForAll SampleFormat format,
      @ForAll @LongRange long seed) {
    int in = inHundreds * 100;
    int out = outHundreds * 100;
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[length * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextBoolean() ? random.nextDouble(-1, 1) : (random.nextBoolean() ? 1 : -1);
    }

    double[] y =
        Signals.samples(
            Signals.resample(Signals.frames(x, in, channels, format, frame), out, quality));

    assertThat((double) y.length / channels).isCloseTo((double) length * out / in, within(1.0));
    for (double sample : y) {
      assertThat(Double.isFinite(sample)).isTrue();
      // full-scale noise rings above 1 in f32 (integers clip), but never beyond the filter's gain
      assertThat(Math.abs(sample)).isLessThan(4);
    }
  }
}
