package dev.weft.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The working part of {@code audio.vad}: cuts a stream of {@link AudioFrame}s of any length into
 * analysis frames, asks a {@link VadEngine} for each one's probability of speech and turns the
 * probabilities into decisions with onset smoothing and hangover.
 *
 * <ul>
 *   <li>A frame is a candidate when its probability is at least the threshold.
 *   <li>Onset: speech starts at the {@code onset}-th candidate in a row (1: at the first), so a
 *       lone click does not start it.
 *   <li>Hangover: once started, speech goes on through up to {@code hangover} frames that are not
 *       candidates, so the pauses between words do not cut an utterance; it ends at the first frame
 *       past them.
 * </ul>
 *
 * Analysis frames are mono (the mean of the channels), but each {@link VadFrame} carries its
 * samples as they came: a view of the input frame's bytes when it is exactly one analysis frame and
 * none is pending, otherwise a copy. Output frames are stamped from the first input frame's
 * timestamp by the samples before them and numbered from 0. The rate, channels and format of the
 * stream are those of its first frame.
 */
public final class VoiceActivityDetector implements AutoCloseable {

  /**
   * How decisions are made from probabilities.
   *
   * @param frame the analysis frame's length (10, 20 or 30 ms for the native engine)
   * @param threshold the probability from which a frame is a candidate for speech
   * @param onset candidates in a row that start speech, at least 1
   * @param hangover frames that are not candidates that speech goes on through, at least 0
   */
  public record Settings(Duration frame, double threshold, int onset, int hangover) {

    /** Checks the values. */
    public Settings {
      if (threshold < 0 || threshold > 1 || onset < 1 || hangover < 0) {
        throw new IllegalArgumentException(
            "threshold must be from 0 to 1, onset at least 1 and hangover at least 0");
      }
    }
  }

  private final VadEngine.Factory factory;
  private final Settings settings;
  private VadEngine engine;
  private int rate;
  private int channels;
  private SampleFormat format;
  private int length;
  private float[] mono;
  private ByteBuffer pending;
  private int filled;
  private long emitted;
  private long sequence;
  private Duration start;
  private int run;
  private int quiet;
  private boolean speaking;

  /** A detector whose engine {@code factory} makes once the first frame gives the rate. */
  public VoiceActivityDetector(VadEngine.Factory factory, Settings settings) {
    this.factory = factory;
    this.settings = settings;
  }

  /**
   * Takes one frame and hands {@code out} every analysis frame it completes.
   *
   * @throws IllegalArgumentException when the frame's rate, channels or format differ from the
   *     first frame's, or the engine refuses the first frame's rate, saying which
   */
  public void accept(AudioFrame input, Consumer<VadFrame> out) {
    AudioFrame frame = input.interleaved();
    if (engine == null) {
      begin(frame);
    } else if (frame.sampleRate() != rate
        || frame.channels() != channels
        || frame.format() != format) {
      throw new IllegalArgumentException(
          "a frame of "
              + describe(frame.sampleRate(), frame.channels(), frame.format())
              + " after frames of "
              + describe(rate, channels, format));
    }
    int n = frame.length();
    if (filled == 0 && n == length) {
      read(frame, 0, 0, n);
      decide(frame.samples(), n, out);
      return;
    }
    ByteBuffer bytes = frame.samples();
    int blockBytes = channels * format.bytes();
    for (int at = 0; at < n; ) {
      int take = Math.min(n - at, length - filled);
      read(frame, at, filled, take);
      pending.put(filled * blockBytes, bytes, at * blockBytes, take * blockBytes);
      filled += take;
      at += take;
      if (filled == length) {
        decide(completed(length), length, out);
      }
    }
  }

  /**
   * Hands {@code out} the last, partial analysis frame, if any: judged as if padded with silence,
   * carrying only its own samples.
   */
  public void finish(Consumer<VadFrame> out) {
    if (filled > 0) {
      java.util.Arrays.fill(mono, filled, length, 0f);
      int count = filled;
      decide(completed(count), count, out);
    }
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void begin(AudioFrame frame) {
    rate = frame.sampleRate();
    channels = frame.channels();
    format = frame.format();
    length = (int) Math.round(settings.frame().toNanos() * (double) rate / 1e9);
    engine = factory.create(rate, length);
    mono = new float[length];
    pending = ByteBuffer.allocate(length * channels * format.bytes());
    start = frame.timestamp();
  }

  /**
   * Mixes {@code count} sample frames of {@code frame} from {@code from} into {@code mono[to..]}.
   */
  private void read(AudioFrame frame, int from, int to, int count) {
    if (channels == 1) {
      for (int i = 0; i < count; i++) {
        mono[to + i] = (float) frame.sample(from + i);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      double sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += frame.sample((from + i) * channels + c);
      }
      mono[to + i] = (float) (sum / channels);
    }
  }

  /** A copy of the pending bytes of {@code count} sample frames; nothing is pending after. */
  private ByteBuffer completed(int count) {
    ByteBuffer copy = ByteBuffer.allocate(count * channels * format.bytes());
    copy.put(0, pending, 0, copy.capacity());
    filled = 0;
    return copy.order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Judges the analysis frame in {@code mono}, whose samples as they came are {@code bytes}. */
  private void decide(ByteBuffer bytes, int count, Consumer<VadFrame> out) {
    float probability = engine.speechProbability(mono);
    if (probability >= settings.threshold()) {
      run++;
      quiet = 0;
      if (run >= settings.onset()) {
        speaking = true;
      }
    } else {
      run = 0;
      quiet++;
      if (quiet > settings.hangover()) {
        speaking = false;
      }
    }
    Duration at = start.plusNanos(emitted * 1_000_000_000L / rate);
    AudioFrame audio = new AudioFrame(rate, channels, format, bytes, at, sequence++);
    emitted += count;
    out.accept(new VadFrame(audio, speaking, probability));
  }

  private static String describe(int rate, int channels, SampleFormat format) {
    return rate + " Hz, " + channels + " channel(s), " + format.id();
  }
}
