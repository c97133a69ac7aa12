package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code audio.vad} with the native engine on speech made by espeak-ng at known times, clean and in
 * pink noise, and on noise alone.
 */
class VadTest {

  @TempDir Path dir;

  /** {@code seconds} of pink noise at 16 kHz, {@code gain} dB from full scale, as NAME.wav. */
  private void pinkNoise(String name, int seconds, int gain) throws Exception {
    Tools.sox(
        dir,
        "-R",
        "-n",
        "-r",
        "16000",
        "-b",
        "16",
        name + ".wav",
        "synth",
        "" + seconds,
        "pinknoise",
        "gain",
        "" + gain);
  }

  private static List<VadFrame> vad(Map<String, ?> with, List<AudioFrame> frames) throws Exception {
    Stages.Outcome<VadFrame> outcome = Stages.run(new VadType(), with, frames);
    assertThat(outcome.rejected()).isEmpty();
    return outcome.out();
  }

  @ParameterizedTest(name = "SNR {0} dB: F1 at least {1}")
  @CsvSource({",0.96", "10,0.95", "0,0.92"})
  void findsSpeechCleanAndInPinkNoise(Integer snr, double f1) throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", 16000, snr, 8);

    List<VadFrame> frames = vad(Map.of(), Stages.read(speech.wav(), 320));

    Speech.Score score = Speech.Score.of(frames, speech.spans());
    assertThat(score.f1()).as("%s", score).isGreaterThanOrEqualTo(f1);
  }

  @ParameterizedTest(name = "{0} Hz, {1} frames")
  @CsvSource({"8000, 10ms", "16000, 20ms", "32000, 30ms", "48000, 10ms", "48000, 30ms"})
  void worksAtEveryRateAndFrame(int rate, String frame) throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", rate, null, 4);

    List<VadFrame> frames = vad(Map.of("frame", frame), Stages.read(speech.wav(), rate / 50));

    int length = (int) (rate * Duration.parse("PT" + frame.replace("ms", "") + "S").toMillis());
    assertThat(frames.getFirst().audio().length()).isEqualTo(length / 1000 / 1000);
    Speech.Score score = Speech.Score.of(frames, speech.spans());
    assertThat(score.f1()).as("%s", score).isGreaterThanOrEqualTo(0.94);
  }

  @Test
  void stationaryNoiseIsLearntNotTakenForSpeech() throws Exception {
    pinkNoise("noise", 20, -20);

    List<VadFrame> frames = vad(Map.of(), Stages.read(dir.resolve("noise.wav"), 480));

    List<VadFrame> settled = frames.subList(frames.size() / 10, frames.size());
    assertThat(settled.stream().filter(VadFrame::speech).count())
        .isLessThanOrEqualTo(settled.size() / 50);
  }

  @Test
  void noiseThatGrowsWhileSpeechIsMarkedIsLearntWithinThreeSeconds() throws Exception {
    // 5 s of pink noise at -50 dBFS, then 15 s 30 dB louder.
    pinkNoise("quiet", 5, -50);
    pinkNoise("loud", 15, -20);
    Tools.sox(dir, "quiet.wav", "loud.wav", "noise.wav");

    List<VadFrame> frames = vad(Map.of(), Stages.read(dir.resolve("noise.wav"), 480));

    // 30 ms frames: the step is at frame 167; three seconds later is frame 267.
    assertThat(frames.get(170).speech()).as("the step itself looks like speech").isTrue();
    List<VadFrame> after = frames.subList(267, frames.size());
    assertThat(after.stream().filter(VadFrame::speech).count())
        .isLessThanOrEqualTo(after.size() / 50);
  }

  @Test
  void moreAggressiveMarksLessInNoise() throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", 16000, 0, 4);
    List<AudioFrame> in = Stages.read(speech.wav(), 480);

    long[] marked = new long[4];
    for (int level = 0; level < 4; level++) {
      marked[level] =
          vad(Map.of("aggressiveness", level), in).stream().filter(VadFrame::speech).count();
    }

    assertThat(marked[0]).isGreaterThan(marked[1]);
    assertThat(marked[1]).isGreaterThan(marked[2]);
    assertThat(marked[2]).isGreaterThan(marked[3]);
  }

  @Test
  void theInputFrameSizeDoesNotChangeTheDecisionsOrTheTimes() throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", 16000, 10, 2);

    List<VadFrame> whole = vad(Map.of(), Stages.read(speech.wav(), 480));
    List<VadFrame> odd = vad(Map.of(), Stages.read(speech.wav(), 112));

    assertThat(odd).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      VadFrame a = whole.get(i);
      VadFrame b = odd.get(i);
      assertThat(b.probability()).isEqualTo(a.probability());
      assertThat(b.speech()).isEqualTo(a.speech());
      assertThat(b.audio()).isEqualTo(a.audio());
      assertThat(a.audio().timestamp()).isEqualTo(Duration.ofMillis(30L * i));
      assertThat(a.audio().sequence()).isEqualTo(i);
    }
    int samples = Stages.read(speech.wav(), 480).stream().mapToInt(AudioFrame::length).sum();
    assertThat(whole.stream().mapToInt(f -> f.audio().length()).sum()).isEqualTo(samples);
  }

  @Test
  void stereoIsJudgedAsTheMeanOfItsChannelsAndKeptStereoPlanarToo() throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", 16000, 10, 2);
    Tools.sox(dir, speech.wav().toString(), "-c", "2", "stereo.wav");

    List<VadFrame> mono = vad(Map.of(), Stages.read(speech.wav(), 480));
    List<VadFrame> stereo = vad(Map.of(), Stages.read(dir.resolve("stereo.wav"), 480));

    List<VadFrame> planar =
        vad(
            Map.of(),
            Stages.read(dir.resolve("stereo.wav"), 480).stream()
                .map(f -> f.withLayout(SampleLayout.PLANAR))
                .toList());

    assertThat(stereo.getFirst().audio().channels()).isEqualTo(2);
    assertThat(planar).isEqualTo(stereo);
    assertThat(stereo.stream().map(VadFrame::speech).toList())
        .isEqualTo(mono.stream().map(VadFrame::speech).toList());
  }

  @Test
  void onsetAndHangoverSmoothTheDecisions() {
    // An engine that answers a fixed script of probabilities.
    float[] script = {0.9f, 0.1f, 0.9f, 0.9f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f, 0.1f};
    int[] next = {0};
    VadEngine.Factory scripted = (rate, length) -> frame -> script[next[0]++];
    VoiceActivityDetector detector =
        new VoiceActivityDetector(
            scripted, new VoiceActivityDetector.Settings(Duration.ofMillis(10), 0.5, 2, 2));
    List<Boolean> speech = new ArrayList<>();

    AudioFrame all =
        AudioFrame.of(16000, 1, SampleFormat.I16, new double[160 * 11], Duration.ZERO, 0);
    detector.accept(all, f -> speech.add(f.speech()));

    // onset 2: the lone 0.9 at 0 starts nothing, the pair at 2-3 starts speech at 3;
    // hangover 2: it lasts through 4-5 and past the next candidate until two quiet frames follow.
    assertThat(speech)
        .containsExactly(false, false, false, true, true, true, true, true, true, false, false);
  }

  @Test
  void aRateTheNativeEngineDoesNotTakeIsRejectedWithAHint() throws Exception {
    AudioFrame frame = AudioFrame.of(44100, 1, SampleFormat.I16, new double[441], Duration.ZERO, 0);

    Stages.Outcome<VadFrame> outcome = Stages.run(new VadType(), Map.of(), List.of(frame));

    assertThat(outcome.rejected())
        .containsExactly(
            "node node: the native VAD works at 8000, 16000, 32000 or 48000 Hz, not 44100 Hz;"
                + " put audio.resample (e.g. rate: 16000) before it");
  }

  @Test
  void aFrameOfAnotherLayoutIsRejectedNamingBoth() throws Exception {
    AudioFrame first = AudioFrame.of(16000, 1, SampleFormat.I16, new double[480], Duration.ZERO, 0);
    AudioFrame other = AudioFrame.of(16000, 2, SampleFormat.I16, new double[960], Duration.ZERO, 1);

    Stages.Outcome<VadFrame> outcome = Stages.run(new VadType(), Map.of(), List.of(first, other));

    assertThat(outcome.out()).hasSize(1);
    assertThat(outcome.rejected())
        .containsExactly(
            "node node: a frame of 16000 Hz, 2 channel(s), i16 after frames of 16000 Hz, 1"
                + " channel(s), i16");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "frame|25ms|node node: frame must be 10ms, 20ms or 30ms, not 25ms",
        "aggressiveness|4|node node: aggressiveness must be 0, 1, 2 or 3, not 4",
        "threshold|1.5|node node: threshold must be from 0 to 1, not 1.5",
      })
  void badSettingsAreNamed(String key, String value, String message) {
    Object parsed = key.equals("frame") ? value : (Object) Double.valueOf(value);
    if (key.equals("aggressiveness")) {
      parsed = Integer.valueOf(value);
    }
    Object given = parsed;

    assertThatThrownBy(() -> Stages.run(new VadType(), Map.of(key, given), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
