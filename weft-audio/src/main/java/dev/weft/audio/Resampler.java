package dev.weft.audio;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Runs a {@link ResampleDesign}'s stages over a stream of frames, channel by channel, each stage
 * keeping the input it still needs between frames, so the output is the same whatever size the
 * input frames have.
 *
 * <p>Output sample {@code m} sits at time {@code m / outRate} like input sample {@code n} sits at
 * {@code n / inRate}: every stage's delay is compensated. Input before the start and after the end
 * counts as silence; after {@link #finish()} the stream holds {@code ceil(n * outRate / inRate)}
 * samples for {@code n} input samples. Samples are resampled as doubles and written back in the
 * input frame's format (integers rounded to the nearest and clipped).
 */
final class Resampler {

  private final int outRate;
  private final ResampleFilter.Quality quality;
  private ResampleDesign design;
  private int inRate;
  private int channels;
  private SampleFormat format;

  /** {@code stages[c]}: channel {@code c}'s stages; {@code outputs[c][s]} what stage s wrote. */
  private ResampleStage[][] stages;

  private Samples[][] outputs;
  private double[] in = new double[0];
  private double[] interleaved = new double[0];
  private long received;
  private long produced;
  private long sequence;

  /** A resampler to {@code outRate}; the input rate is that of the first frame. */
  Resampler(int outRate, ResampleFilter.Quality quality) {
    this.outRate = outRate;
    this.quality = quality;
  }

  /**
   * Takes one frame; returns the output it completes, or {@code null} when the filter still waits
   * for more input.
   *
   * @throws IllegalArgumentException when the frame's rate, channels or format differ from the
   *     first frame's
   */
  AudioFrame accept(AudioFrame input) {
    AudioFrame frame = input.interleaved();
    if (design == null) {
      start(frame);
    } else if (frame.sampleRate() != inRate
        || frame.channels() != channels
        || frame.format() != format) {
      throw new IllegalArgumentException(
          "audio.resample got "
              + describe(frame.sampleRate(), frame.channels(), frame.format())
              + " after frames of "
              + describe(inRate, channels, format)
              + ": a stream must keep one layout");
    }
    int length = frame.length();
    if (in.length < length) {
      in = new double[length];
    }
    ByteBuffer bytes = frame.samples();
    for (int c = 0; c < channels; c++) {
      format.read(bytes, c, channels, in, length);
      double[] x = in;
      int n = length;
      for (int s = 0; s < stages[c].length; s++) {
        Samples out = outputs[c][s];
        out.clear();
        stages[c][s].accept(x, n, out);
        x = out.array();
        n = out.size();
      }
    }
    received += length;
    return emit();
  }

  /** Ends the stream: returns the last output (the input's end padded with silence), or null. */
  AudioFrame finish() {
    if (design == null) {
      return null;
    }
    int last = stages[0].length - 1;
    long[] wanted = new long[last + 1];
    wanted[last] = Math.ceilDiv(received * outRate, inRate);
    for (int s = last; s > 0; s--) {
      wanted[s - 1] = stages[0][s].needed(wanted[s]);
    }
    for (int c = 0; c < channels; c++) {
      for (int s = 0; s <= last; s++) {
        Samples out = outputs[c][s];
        out.clear();
        if (s > 0) {
          stages[c][s].accept(outputs[c][s - 1].array(), outputs[c][s - 1].size(), out);
        }
        stages[c][s].finish(wanted[s], out);
      }
    }
    return emit();
  }

  /** The last stages' output as one interleaved frame, or {@code null} when there is none. */
  private AudioFrame emit() {
    int last = stages[0].length - 1;
    int count = outputs[0][last].size();
    if (count == 0) {
      return null;
    }
    double[] out = outputs[0][last].array();
    if (channels > 1) {
      if (interleaved.length < count * channels) {
        interleaved = new double[count * channels];
      }
      out = interleaved;
      for (int c = 0; c < channels; c++) {
        double[] y = outputs[c][last].array();
        for (int k = 0; k < count; k++) {
          out[k * channels + c] = y[k];
        }
      }
    }
    long first = produced;
    produced += count;
    Duration timestamp =
        Duration.ofSeconds(first / outRate, (first % outRate) * 1_000_000_000L / outRate);
    ByteBuffer bytes = ByteBuffer.wrap(format.encode(out, count * channels));
    return new AudioFrame(outRate, channels, format, bytes, timestamp, sequence++);
  }

  private void start(AudioFrame frame) {
    inRate = frame.sampleRate();
    channels = frame.channels();
    format = frame.format();
    design = new ResampleDesign(inRate, outRate, quality);
    stages = new ResampleStage[channels][];
    outputs = new Samples[channels][];
    for (int c = 0; c < channels; c++) {
      stages[c] = design.newChannel();
      outputs[c] = new Samples[stages[c].length];
      for (int s = 0; s < stages[c].length; s++) {
        outputs[c][s] = new Samples();
      }
    }
  }

  private static String describe(int rate, int channels, SampleFormat format) {
    return rate + " Hz " + channels + "-channel " + format.id();
  }
}
