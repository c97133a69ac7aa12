package dev.weft.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The working part of {@code audio.segmenter}: groups {@link VadFrame}s into utterances.
 *
 * <ul>
 *   <li>An utterance starts at a speech frame and ends once {@code silence} has passed since its
 *       last speech frame (or at the end of the stream); its end is the end of that last frame.
 *   <li>Its audio begins {@code preRoll} before its start (to the nearest sample; as far as the
 *       stream goes back, and not into the utterance before) and stops at its end.
 *   <li>An utterance whose speech lasts less than {@code minLength} is dropped; {@link
 *       SpeechEvent.Started} is sent once it has lasted that long.
 *   <li>One whose speech reaches {@code maxLength} is ended there, marked cut; speech that goes on
 *       starts the next one, without pre-roll.
 * </ul>
 */
public final class Segmenter {

  /**
   * The segmenter's lengths.
   *
   * @param preRoll audio kept before an utterance's first speech frame
   * @param minLength the shortest speech that makes an utterance
   * @param maxLength the longest utterance; longer speech is cut
   * @param silence the non-speech after the last speech frame that ends an utterance
   */
  public record Settings(
      Duration preRoll, Duration minLength, Duration maxLength, Duration silence) {

    /** Checks the values. */
    public Settings {
      if (preRoll.isNegative()
          || minLength.isNegative()
          || silence.isNegative()
          || maxLength.compareTo(minLength) < 0
          || maxLength.isZero()) {
        throw new IllegalArgumentException(
            "pre-roll, min-length and silence must not be negative, and max-length must be"
                + " longer than 0 and at least min-length");
      }
    }
  }

  private final Settings settings;
  private final ArrayDeque<AudioFrame> before = new ArrayDeque<>();
  private final List<AudioFrame> frames = new ArrayList<>();
  private Duration beforeLength = Duration.ZERO;
  private long index;
  private Duration start;
  private Duration lastSpeechEnd;
  private int speechFrames;
  private boolean announced;

  /** A segmenter with these lengths. */
  public Segmenter(Settings settings) {
    this.settings = settings;
  }

  /** Takes the next frame and hands {@code out} the events it brings. */
  public void accept(VadFrame frame, Consumer<SpeechEvent> out) {
    AudioFrame audio = frame.audio();
    Duration frameEnd = audio.timestamp().plus(audio.duration());
    if (start == null) {
      if (!frame.speech()) {
        keepBefore(audio);
        return;
      }
      start = audio.timestamp();
      frames.addAll(before);
      before.clear();
      beforeLength = Duration.ZERO;
    }
    frames.add(audio);
    if (frame.speech()) {
      speechFrames = frames.size();
      lastSpeechEnd = frameEnd;
      if (!announced && lastSpeechEnd.minus(start).compareTo(settings.minLength()) >= 0) {
        announced = true;
        out.accept(new SpeechEvent.Started(index + 1, start));
      }
      if (lastSpeechEnd.minus(start).compareTo(settings.maxLength()) >= 0) {
        end(true, out);
      }
    } else if (frameEnd.minus(lastSpeechEnd).compareTo(settings.silence()) >= 0) {
      // What follows the speech of an utterance, or all of one too short to count, may be the
      // next one's pre-roll.
      List<AudioFrame> kept =
          new ArrayList<>(announced ? frames.subList(speechFrames, frames.size()) : frames);
      end(false, out);
      kept.forEach(this::keepBefore);
    }
  }

  /** Ends the utterance in progress, if any, as the stream ends. */
  public void finish(Consumer<SpeechEvent> out) {
    if (start != null) {
      end(false, out);
    }
  }

  private void end(boolean cut, Consumer<SpeechEvent> out) {
    List<AudioFrame> spoken = frames.subList(0, speechFrames);
    if (announced) {
      index++;
      out.accept(new SpeechEvent.Utterance(index, start, lastSpeechEnd, join(spoken), cut));
    }
    frames.clear();
    start = null;
    announced = false;
    speechFrames = 0;
  }

  /** Keeps {@code audio} as pre-roll, dropping what is older than the pre-roll needs. */
  private void keepBefore(AudioFrame audio) {
    before.addLast(audio);
    beforeLength = beforeLength.plus(audio.duration());
    while (!before.isEmpty()
        && beforeLength.minus(before.getFirst().duration()).compareTo(settings.preRoll()) >= 0) {
      beforeLength = beforeLength.minus(before.removeFirst().duration());
    }
  }

  /**
   * The frames' samples end to end from the pre-roll's start (or the first frame's, if later), as
   * one frame stamped with that time and numbered with the utterance.
   */
  private AudioFrame join(List<AudioFrame> parts) {
    AudioFrame first = parts.getFirst();
    int block = first.channels() * first.format().bytes();
    Duration from = start.minus(settings.preRoll());
    int skip = 0;
    if (from.compareTo(first.timestamp()) > 0) {
      skip =
          (int)
              Math.min(
                  first.length(),
                  Math.round(from.minus(first.timestamp()).toNanos() * first.sampleRate() / 1e9));
    }
    int bytes = -skip * block;
    for (AudioFrame part : parts) {
      bytes += part.samples().remaining();
    }
    ByteBuffer joined = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (AudioFrame part : parts) {
      ByteBuffer samples = part.samples();
      if (part == first) {
        samples.position(skip * block);
      }
      joined.put(samples);
    }
    joined.flip();
    Duration at = first.timestamp().plusNanos(skip * 1_000_000_000L / first.sampleRate());
    return new AudioFrame(first.sampleRate(), first.channels(), first.format(), joined, at, index);
  }
}
