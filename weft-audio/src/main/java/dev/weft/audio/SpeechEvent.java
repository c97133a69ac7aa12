package dev.weft.audio;

import java.time.Duration;

/**
 * What {@code audio.segmenter} emits: that an utterance has started, and, once it has ended, the
 * utterance with its audio.
 */
public sealed interface SpeechEvent permits SpeechEvent.Started, SpeechEvent.Utterance {

  /** The utterance's number in its stream, from 1. */
  long index();

  /** When its speech starts, since the start of the stream. */
  Duration start();

  /**
   * An utterance has lasted the minimum length: sent as soon as that is known, before its end.
   *
   * @param index the utterance's number, from 1
   * @param start when its speech starts
   */
  record Started(long index, Duration start) implements SpeechEvent {}

  /**
   * An utterance that has ended.
   *
   * @param index the utterance's number, from 1
   * @param start when its speech starts (its first speech frame)
   * @param end when its speech ends (the end of its last speech frame)
   * @param audio its samples: from the pre-roll before {@code start} to {@code end}, in the format
   *     and channels they came in; the frame's timestamp is where they begin
   * @param cut whether it was ended by the maximum length rather than by silence
   */
  record Utterance(long index, Duration start, Duration end, AudioFrame audio, boolean cut)
      implements SpeechEvent {

    /** How long its speech lasts, from {@code start} to {@code end}. */
    public Duration duration() {
      return end.minus(start);
    }
  }
}
