package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The resampler on known signals: tones kept, tones above the new Nyquist rejected, streaming. */
class ResamplerTest {

  private static final int[] RATES = {8000, 16000, 22050, 44100, 48000};

  @ParameterizedTest(name = "{0}")
  @EnumSource(ResampleFilter.Quality.class)
  void aToneKeepsItsFrequencyAndAmplitudeBetweenEveryPairOfRates(ResampleFilter.Quality quality) {
    double minSnr =
        switch (quality) {
          case LOW -> 65;
          case MEDIUM -> 100;
          case HIGH -> 145;
        };
    double worstSnr = Double.MAX_VALUE;
    double worstAmplitude = 0;
    for (int in : RATES) {
      for (int out : RATES) {
        double[] y = Signals.resample(Signals.sine(in, 1000, 0.5, 1), in, out, quality);
        double[] exact = Signals.sine(out, 1000, 0.5, 1);
        // the first and last 20 ms hold the filter's start and end on silence
        int from = out / 50;
        int to = out - out / 50;
        String pair = in + " -> " + out;

        assertThat(Signals.peakFrequency(y, from, out))
            .as(pair)
            .isCloseTo(1000, within(2.0 * out / Integer.highestOneBit(out - from)));
        assertThat(Signals.rms(y, from, to) * Math.sqrt(2)).as(pair).isCloseTo(0.5, within(1e-3));
        assertThat(Signals.snrDb(y, exact, from, to)).as(pair).isGreaterThan(minSnr);
        worstSnr = Math.min(worstSnr, Signals.snrDb(y, exact, from, to));
        worstAmplitude =
            Math.max(worstAmplitude, Math.abs(Signals.rms(y, from, to) * Math.sqrt(2) - 0.5));
      }
    }
    System.out.printf(
        "resample %s, 1 kHz at 0.5 between %s Hz: SNR against the exact sine >= %.1f dB,"
            + " amplitude within %.2g%n",
        quality.id(), Arrays.toString(RATES), worstSnr, worstAmplitude);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {3}: a {2} Hz tone")
  @CsvSource({
    "48000, 16000, 8200, LOW, 59",
    "48000, 16000, 8200, MEDIUM, 89",
    "48000, 16000, 8200, HIGH, 140",
    "44100, 16000, 8200, HIGH, 140",
    "48000, 16000, 20000, HIGH, 140",
    "44100, 22050, 12000, HIGH, 140",
    "48000, 8000, 4100, HIGH, 140",
    "48000, 44100, 23000, HIGH, 138",
  })
  void aToneAboveTheNewNyquistFrequencyIsRejected(
      int in, int out, double tone, ResampleFilter.Quality quality, double minDb) {
    double[] y = Signals.resample(Signals.sine(in, tone, 0.9, 1), in, out, quality);

    double rejection =
        -20 * Math.log10(Signals.rms(y, out / 50, out - out / 50) / (0.9 / Math.sqrt(2)));
    System.out.printf(
        "resample %d -> %d %s: a %.0f Hz tone is rejected by %.1f dB%n",
        in, out, quality.id(), tone, rejection);
    assertThat(rejection).isGreaterThan(minDb);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2} channels {3}")
  @CsvSource({
    "48000, 16000, 1, I16",
    "44100, 16000, 2, F32",
    "16000, 48000, 2, I16",
    "22050, 44100, 3, I32",
    "8000, 48000, 1, F32",
    "48000, 44100, 3, I32",
    "44100, 8000, 1, F32",
  })
  void theOutputIsTheSameWhateverTheInputFrameSize(
      int in, int out, int channels, SampleFormat format) {
    double[] x = new double[in / 2 * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.6 * Math.sin(i * 0.013) + 0.3 * Math.sin(i * 0.7 + i % channels);
    }

    double[] tenMs = resampled(x, in, out, channels, format, in / 100);
    double[] thirtySevenMs = resampled(x, in, out, channels, format, in * 37 / 1000);
    double[] whole = resampled(x, in, out, channels, format, x.length / channels);
    double[] oneSample = resampled(x, in, out, channels, format, 1);

    assertThat(tenMs).hasSize((int) Math.ceilDiv((long) in / 2 * out, in) * channels);
    assertThat(Arrays.equals(thirtySevenMs, tenMs)).as("37 ms frames as 10 ms ones").isTrue();
    assertThat(Arrays.equals(whole, tenMs)).as("one frame as 10 ms ones").isTrue();
    assertThat(Arrays.equals(oneSample, tenMs)).as("1-sample frames as 10 ms ones").isTrue();
  }

  private static double[] resampled(
      double[] x, int in, int out, int channels, SampleFormat format, int frame) {
    List<AudioFrame> frames =
        Signals.resample(
            Signals.frames(x, in, channels, format, frame), out, ResampleFilter.Quality.HIGH);
    for (AudioFrame f : frames) {
      assertThat(f.sampleRate()).isEqualTo(out);
      assertThat(f.channels()).isEqualTo(channels);
      assertThat(f.format()).isEqualTo(format);
    }
    return Signals.samples(frames);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, {2}")
  @CsvSource({
    "48000, 16000, HIGH",
    "48000, 16000, MEDIUM",
    "48000, 16000, LOW",
    "44100, 16000, HIGH",
    "44100, 16000, LOW",
    "16000, 48000, HIGH",
    "48000, 44100, MEDIUM",
  })
  void noOutputWaitsLongerThanTheStatedLatency(int in, int out, ResampleFilter.Quality quality) {
    double latency = new ResampleDesign(in, out, quality).latencySeconds();
    Resampler resampler = new Resampler(out, quality);
    long received = 0;
    long produced = 0;
    long latest = 0;
    for (AudioFrame frame :
        Signals.frames(Signals.sine(in, 440, 0.5, 1), in, 1, SampleFormat.F32, in / 100)) {
      AudioFrame o = resampler.accept(frame);
      received += frame.length();
      produced += o == null ? 0 : o.length();
      // every output sample up to (input time - latency) is out
      long due = (long) Math.floor(((double) received / in - latency) * out);
      assertThat(produced).as("after %d input samples", received).isGreaterThanOrEqualTo(due);
      latest = Math.max(latest, due);
    }
    assertThat(latest).as("the check ran past the latency").isPositive();
  }

  @Test
  void theTotalLengthFollowsTheRateRatioWithinOneSample() {
    for (int in : RATES) {
      for (int out : RATES) {
        for (int n : new int[] {0, 1, 7, 441, 12345}) {
          double[] x = new double[n];
          int length =
              Signals.samples(
                      Signals.resample(
                          Signals.frames(x, in, 1, SampleFormat.F32, 100),
                          out,
                          ResampleFilter.Quality.LOW))
                  .length;

          assertThat((double) length)
              .as("%d samples %d -> %d", n, in, out)
              .isCloseTo((double) n * out / in, within(1.0));
        }
      }
    }
  }

  @Test
  void outputFramesAreNumberedFrom0AndStampedWithTheTimeOfTheirFirstSample() {
    List<AudioFrame> frames =
        Signals.resample(
            Signals.frames(Signals.sine(44100, 440, 0.5, 1), 44100, 1, SampleFormat.I16, 441),
            16000,
            ResampleFilter.Quality.HIGH);

    long samples = 0;
    for (int i = 0; i < frames.size(); i++) {
      AudioFrame f = frames.get(i);
      assertThat(f.sequence()).isEqualTo(i);
      assertThat(f.timestamp()).isEqualTo(Duration.ofNanos(samples * 1_000_000_000L / 16000));
      samples += f.length();
    }
    assertThat(samples).isEqualTo(16000);
  }

  @Test
  void aFrameOfAnotherLayoutIsRefusedNamingBoth() {
    Resampler resampler = new Resampler(16000, ResampleFilter.Quality.LOW);
    resampler.accept(AudioFrame.of(48000, 1, SampleFormat.I16, new double[480], Duration.ZERO, 0));

    assertThatThrownBy(() ->
            resampler.accept(
                AudioFrame.of(44100, 2, SampleFormat.I16, new double[882], Duration.ZERO, 1)))
        .hasMessage(
            "audio.resample got 44100 Hz 2-channel i16 after frames of 48000 Hz 1-channel i16:"
                + " a stream must keep one layout");
  }

  @Test
  void ratesWithTooLittleInCommonAreRefusedWithAHint() {
    assertThatThrownBy(() -> new ResampleFilter(44101, 48000, ResampleFilter.Quality.HIGH))
        .hasMessageStartingWith("44101 Hz to 48000 Hz reduces to 48000/44101: more than 4096");
  }
}
