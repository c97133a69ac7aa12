package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/make-speech.sh}: what it promises of the speech, the noise and the truth. */
class MakeSpeechTest {

  @TempDir Path dir;

  private static double[] samples(Path wav) throws Exception {
    return Signals.samples(Stages.read(wav, 16000));
  }

  @Test
  void theNoiseIsAtTheAskedSnrAgainstTheSpeechWhileSpoken() throws Exception {
    Speech.Recording clean = Speech.make(dir, "clean", 16000, null, 4);
    Speech.Recording noisy = Speech.make(dir, "noisy", 16000, 10, 4);
    double[] x = samples(clean.wav());
    double[] y = samples(noisy.wav());

    assertThat(noisy.spans()).isEqualTo(clean.spans());
    assertThat(y).hasSameSizeAs(x);
    double speech = 0;
    int spoken = 0;
    for (Speech.Span s : clean.spans()) {
      for (int i = (int) (s.start() * 16000); i < (int) (s.end() * 16000); i++) {
        speech += x[i] * x[i];
        spoken++;
      }
    }
    double noise = 0;
    for (int i = 0; i < x.length; i++) {
      noise += (y[i] - x[i]) * (y[i] - x[i]);
    }
    double snr = 10 * Math.log10((speech / spoken) / (noise / x.length));
    assertThat(snr).isCloseTo(10, within(0.3));
  }

  @Test
  void theTruthIsWhereTheSpeechIsAndTheOutputIsTheSameEveryRun() throws Exception {
    Speech.Recording first = Speech.make(dir, "a", 16000, 0, 3);
    byte[] again = Files.readAllBytes(first.wav());
    Speech.make(dir, "a", 16000, 0, 3);
    assertThat(Files.readAllBytes(first.wav())).isEqualTo(again);

    Speech.Recording clean = Speech.make(dir, "clean", 16000, null, 3);
    double[] x = samples(clean.wav());
    List<Speech.Span> spans = clean.spans();
    assertThat(spans).hasSize(3);
    for (Speech.Span s : spans) {
      // Silence up to a sentence's start and from its end (times are to 0.1 ms: 2 samples); its
      // sound right inside both.
      int start = (int) Math.round(s.start() * 16000);
      int end = (int) Math.round(s.end() * 16000);
      assertThat(Signals.rms(x, start - 160, start - 2)).isZero();
      assertThat(Signals.rms(x, end + 2, end + 160)).isZero();
      assertThat(Signals.rms(x, start, start + 160)).isGreaterThan(1e-4);
      assertThat(Signals.rms(x, end - 160, end)).isGreaterThan(1e-4);
    }
  }
}
