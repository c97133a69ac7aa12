package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code audio.segmenter}'s rules, on frames whose speech marks are written out as text. */
class SegmenterTest {

  private static final int RATE = 16000;
  private static final int FRAME = 160; // 10 ms

  /**
   * 10 ms frames, one per character of {@code marks} ({@code S} speech, {@code .} not); sample
   * {@code n} of the stream holds the value {@code n} (as i32), so any sample can be traced.
   */
  private static List<VadFrame> frames(String marks) {
    List<VadFrame> frames = new ArrayList<>();
    for (int i = 0; i < marks.length(); i++) {
      double[] x = new double[FRAME];
      for (int k = 0; k < FRAME; k++) {
        x[k] = (i * FRAME + k) / 2147483648.0;
      }
      AudioFrame audio = AudioFrame.of(RATE, 1, SampleFormat.I32, x, Duration.ofMillis(10L * i), i);
      frames.add(new VadFrame(audio, marks.charAt(i) == 'S', marks.charAt(i) == 'S' ? 1 : 0));
    }
    return frames;
  }

  private static List<SpeechEvent> segment(Map<String, ?> with, String marks) throws Exception {
    Stages.Outcome<SpeechEvent> outcome =
        Stages.run(new SegmenterType(), with, new ArrayList<Object>(frames(marks)));
    assertThat(outcome.rejected()).isEmpty();
    return outcome.out();
  }

  private static List<SpeechEvent.Utterance> utterances(List<SpeechEvent> events) {
    return events.stream()
        .filter(SpeechEvent.Utterance.class::isInstance)
        .map(SpeechEvent.Utterance.class::cast)
        .toList();
  }

  private static int firstSample(SpeechEvent.Utterance u) {
    return (int) Math.round(u.audio().sample(0) * 2147483648.0);
  }

  private static Map<String, String> lengths(
      String preRoll, String min, String max, String silence) {
    return Map.of("pre-roll", preRoll, "min-length", min, "max-length", max, "silence", silence);
  }

  @Test
  void anUtteranceRunsFromItsFirstToItsLastSpeechFrameWithItsPreRoll() throws Exception {
    List<SpeechEvent> events =
        segment(lengths("25ms", "30ms", "10s", "50ms"), "..........SSSS.SS.........");

    List<SpeechEvent.Utterance> utterances = utterances(events);
    assertThat(utterances).hasSize(1);
    SpeechEvent.Utterance u = utterances.getFirst();
    assertThat(u.index()).isEqualTo(1);
    assertThat(u.audio().sequence()).isEqualTo(1);
    assertThat(u.start()).isEqualTo(Duration.ofMillis(100));
    assertThat(u.end()).isEqualTo(Duration.ofMillis(170));
    assertThat(u.duration()).isEqualTo(Duration.ofMillis(70));
    assertThat(u.cut()).isFalse();
    // 25 ms of pre-roll: from 75 ms, sample 1200, to the end of the last speech frame.
    assertThat(u.audio().timestamp()).isEqualTo(Duration.ofMillis(75));
    assertThat(firstSample(u)).isEqualTo(1200);
    assertThat(u.audio().length()).isEqualTo(1520);
    assertThat(Math.round(u.audio().sample(1519) * 2147483648.0)).isEqualTo(2719);
  }

  @Test
  void startedComesOnceTheMinimumLengthIsReachedBeforeTheUtterance() throws Exception {
    List<SpeechEvent> events = segment(lengths("0ms", "30ms", "10s", "50ms"), "..SSSSS......");

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isEqualTo(new SpeechEvent.Started(1, Duration.ofMillis(20)));
    assertThat(events.get(1)).isInstanceOf(SpeechEvent.Utterance.class);
  }

  @Test
  void speechShorterThanTheMinimumIsDropped() throws Exception {
    List<SpeechEvent> events =
        segment(lengths("0ms", "50ms", "10s", "30ms"), "..SS.....SSSSSS.....");

    List<SpeechEvent.Utterance> utterances = utterances(events);
    assertThat(utterances).hasSize(1);
    assertThat(utterances.getFirst().index()).isEqualTo(1);
    assertThat(utterances.getFirst().start()).isEqualTo(Duration.ofMillis(90));
  }

  @Test
  void aPauseShorterThanTheSilenceKeepsOneUtteranceALongerOneSplits() throws Exception {
    String marks = "SSSS....SSSS.....SSSS....";

    // Pauses of 40 and 50 ms.
    assertThat(utterances(segment(lengths("0ms", "0ms", "10s", "60ms"), marks))).hasSize(1);
    List<SpeechEvent.Utterance> split =
        utterances(segment(lengths("0ms", "0ms", "10s", "50ms"), marks));
    assertThat(split)
        .extracting(SpeechEvent.Utterance::start)
        .containsExactly(Duration.ZERO, Duration.ofMillis(170));
    assertThat(split).extracting(SpeechEvent.Utterance::index).containsExactly(1L, 2L);
  }

  @Test
  void speechReachingTheMaximumIsCutAndGoesOnWithoutPreRoll() throws Exception {
    List<SpeechEvent.Utterance> utterances =
        utterances(segment(lengths("30ms", "0ms", "50ms", "30ms"), "....SSSSSSSS....."));

    assertThat(utterances).hasSize(2);
    assertThat(utterances.get(0).cut()).isTrue();
    assertThat(utterances.get(0).end()).isEqualTo(Duration.ofMillis(90));
    assertThat(utterances.get(0).audio().timestamp()).isEqualTo(Duration.ofMillis(10));
    assertThat(utterances.get(1).cut()).isFalse();
    assertThat(utterances.get(1).start()).isEqualTo(Duration.ofMillis(90));
    assertThat(utterances.get(1).audio().timestamp()).isEqualTo(Duration.ofMillis(90));
  }

  @Test
  void preRollDoesNotReachIntoTheUtteranceBefore() throws Exception {
    List<SpeechEvent.Utterance> utterances =
        utterances(segment(lengths("100ms", "0ms", "10s", "30ms"), "SSS...SSS..."));

    assertThat(utterances).hasSize(2);
    // The first ends at 30 ms; the second's pre-roll starts there, not 100 ms before 60 ms.
    assertThat(utterances.get(1).audio().timestamp()).isEqualTo(Duration.ofMillis(30));
    assertThat(firstSample(utterances.get(1))).isEqualTo(480);
  }

  @Test
  void theEndOfTheStreamEndsTheUtteranceInProgress() throws Exception {
    List<SpeechEvent.Utterance> utterances =
        utterances(segment(lengths("0ms", "0ms", "10s", "500ms"), "...SSSS."));

    assertThat(utterances).hasSize(1);
    assertThat(utterances.getFirst().end()).isEqualTo(Duration.ofMillis(70));
  }

  @Test
  void aMessageThatIsNotAVadFrameIsRejectedWithAHint() throws Exception {
    AudioFrame frame = AudioFrame.of(RATE, 1, SampleFormat.I16, new double[160], Duration.ZERO, 0);

    Stages.Outcome<SpeechEvent> outcome =
        Stages.run(new SegmenterType(), Map.of(), List.<Object>of(frame));

    assertThat(outcome.rejected())
        .containsExactly(
            "node node: takes the frames of audio.vad, not AudioFrame; put audio.vad before it");
  }

  @Test
  void aMaximumBelowTheMinimumIsNamed() {
    assertThatThrownBy(() ->
            Stages.run(
                new SegmenterType(), Map.of("min-length", "2s", "max-length", "1s"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("node node: pre-roll, min-length and silence must not be negative")
        .hasMessageContaining("max-length must be longer than 0 and at least min-length");
  }
}
