package dev.weft.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A frame of audio: samples of one {@link SampleFormat}, interleaved (the default) or planar, with
 * its rate, channel count, position in time and sequence number. The message type of the {@code
 * audio.*} stream nodes; those that work on the samples take planar frames too, as if interleaved.
 *
 * <p>Guarantees: a frame never changes once made, so fan-out may hand the same frame to every
 * consumer. Its samples are read through {@link #samples()}, a read-only little-endian view of the
 * bytes it was made from; no node copies them unless it changes them (a WAV source's 16-bit, 32-bit
 * and float frames are views of the bytes read from the file, and {@code audio.format} passes a
 * frame that already has the wanted format through as it is). Two frames are equal when their
 * metadata and samples are.
 *
 * @param sampleRate samples per second per channel
 * @param channels the number of channels
 * @param format how each sample is stored
 * @param samples the samples: whole sample frames, ordered by {@code layout}
 * @param timestamp the time of the first sample since the start of the stream
 * @param sequence the frame's number in its stream, from 0
 * @param layout how the channels are ordered
 */
public record AudioFrame(
    int sampleRate,
    int channels,
    SampleFormat format,
    ByteBuffer samples,
    Duration timestamp,
    long sequence,
    SampleLayout layout) {

  /**
   * A frame over {@code samples} (from their position to their limit, little-endian), without
   * copying them: whoever makes the frame hands the bytes over and must not change them after.
   */
  public AudioFrame {
    if (sampleRate < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "a frame needs a rate and channels of at least 1, not " + sampleRate + ", " + channels);
    }
    if (samples.remaining() % (format.bytes() * channels) != 0) {
      throw new IllegalArgumentException(
          samples.remaining()
              + " bytes are not a whole number of "
              + channels
              + "-channel "
              + format.id()
              + " samples");
    }
    samples = samples.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** An interleaved frame over {@code samples}, without copying them. */
  public AudioFrame(
      int sampleRate,
      int channels,
      SampleFormat format,
      ByteBuffer samples,
      Duration timestamp,
      long sequence) {
    this(sampleRate, channels, format, samples, timestamp, sequence, SampleLayout.INTERLEAVED);
  }

  /**
   * A frame of normalised samples (interleaved), stored in {@code format}: integers rounded to the
   * nearest and clipped.
   */
  public static AudioFrame of(
      int sampleRate,
      int channels,
      SampleFormat format,
      double[] samples,
      Duration timestamp,
      long sequence) {
    return new AudioFrame(
        sampleRate,
        channels,
        format,
        ByteBuffer.wrap(format.encode(samples, samples.length)),
        timestamp,
        sequence);
  }

  /**
   * This frame with its channels in {@code to}'s order: the frame itself when they are already,
   * otherwise a copy of its samples reordered (bit for bit the same samples).
   */
  public AudioFrame withLayout(SampleLayout to) {
    if (to == layout || channels == 1) {
      return to == layout
          ? this
          : new AudioFrame(sampleRate, channels, format, samples, timestamp, sequence, to);
    }
    int bytes = format.bytes();
    int length = length();
    ByteBuffer out = ByteBuffer.allocate(samples.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    for (int n = 0; n < length; n++) {
      for (int c = 0; c < channels; c++) {
        int interleaved = (n * channels + c) * bytes;
        int planar = (c * length + n) * bytes;
        int from = to == SampleLayout.PLANAR ? interleaved : planar;
        int into = to == SampleLayout.PLANAR ? planar : interleaved;
        out.put(into, samples, from, bytes);
      }
    }
    return new AudioFrame(sampleRate, channels, format, out, timestamp, sequence, to);
  }

  /** This frame interleaved: itself when it is, otherwise a reordered copy. */
  public AudioFrame interleaved() {
    return withLayout(SampleLayout.INTERLEAVED);
  }

  /** Samples per channel. */
  public int length() {
    return samples.capacity() / (format.bytes() * channels);
  }

  /** How long the frame lasts. */
  public Duration duration() {
    return Duration.ofNanos(length() * 1_000_000_000L / sampleRate);
  }

  /**
   * The samples: a read-only little-endian view of the frame's bytes, interleaved by channel, with
   * its own position and limit (a new view on every call, not a copy).
   */
  @Override
  public ByteBuffer samples() {
    return samples.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Sample {@code index} in the frame's own order, normalised to [-1, 1) (floats may go beyond):
   * interleaved, sample frame {@code i} of channel {@code c} is index {@code i * channels + c};
   * planar, {@code c * length() + i}.
   */
  public double sample(int index) {
    return format.read(samples, index);
  }

  /** Sample frame {@code frame} of {@code channel}, normalised, whatever the layout. */
  public double sample(int frame, int channel) {
    return format.read(
        samples,
        layout == SampleLayout.PLANAR ? channel * length() + frame : frame * channels + channel);
  }

  @Override
  public String toString() {
    return String.format(
        "AudioFrame[#%d at %s: %d x %d ch %s%s @ %d Hz]",
        sequence,
        timestamp,
        length(),
        channels,
        format.id(),
        layout == SampleLayout.PLANAR ? " planar" : "",
        sampleRate);
  }
}
