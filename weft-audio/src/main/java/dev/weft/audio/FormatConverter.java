package dev.weft.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Converts frames to a sample format and channel count. Samples go through their normalised value
 * (exact in a {@code double} for every format), so widening is exact and i16 → f32 → i16 and i16 →
 * i32 → i16 give back the same bits. Narrowing rounds to the nearest (ties to even) and clips.
 * Mixing down to one channel takes the mean of the channels; mixing up from one copies it.
 *
 * <p>With dither, TPDF noise of ±1 step of the target (the difference of two uniform values) is
 * added before rounding whenever the conversion may lose precision (from f32 or i32 to i16, from
 * f32 to i32, or a mix down to integers), to each sample that is not already a whole step of the
 * target: so lossless round trips stay bit-exact and digital silence stays silent with dither too.
 */
final class FormatConverter {

  private final SampleFormat format;
  private final int channels;
  private final SampleLayout layout;
  private final SplittableRandom dither;

  /**
   * @param format the format out, or {@code null} to keep each frame's
   * @param channels the channels out, or 0 to keep each frame's
   * @param layout the layout out, or {@code null} to keep each frame's
   * @param dither the noise source for TPDF dither, or {@code null} for none
   */
  FormatConverter(SampleFormat format, int channels, SampleLayout layout, SplittableRandom dither) {
    this.format = format;
    this.channels = channels;
    this.layout = layout;
    this.dither = dither;
  }

  /**
   * {@code frame} in the target format, channels and layout; the frame itself when it has them
   * already. Reordering channels copies the samples as they are, bit for bit.
   */
  AudioFrame convert(AudioFrame frame) {
    SampleLayout to = layout == null ? frame.layout() : layout;
    if ((format == null || format == frame.format())
        && (channels == 0 || channels == frame.channels())) {
      return frame.withLayout(to);
    }
    return convertInterleaved(frame.interleaved()).withLayout(to);
  }

  private AudioFrame convertInterleaved(AudioFrame frame) {
    SampleFormat to = format == null ? frame.format() : format;
    int outChannels = channels == 0 ? frame.channels() : channels;
    int inChannels = frame.channels();
    if (to == frame.format() && outChannels == inChannels) {
      return frame;
    }
    if (outChannels != inChannels && outChannels != 1 && inChannels != 1) {
      throw new IllegalArgumentException(
          "cannot mix "
              + inChannels
              + " channels into "
              + outChannels
              + ": audio.format mixes down to 1 channel or up from 1");
    }
    boolean dithered = dither != null && loses(frame.format(), to, outChannels < inChannels);
    double step = to.step();
    int length = frame.length();
    ByteBuffer out =
        ByteBuffer.allocate(length * outChannels * to.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i++) {
      int in = i * inChannels;
      for (int c = 0; c < outChannels; c++) {
        double x;
        if (outChannels == inChannels) {
          x = frame.sample(in + c);
        } else if (inChannels == 1) {
          x = frame.sample(in);
        } else {
          double sum = 0;
          for (int k = 0; k < inChannels; k++) {
            sum += frame.sample(in + k);
          }
          x = sum / inChannels;
        }
        if (dithered && Math.rint(x / step) != x / step) {
          x += (dither.nextDouble() - dither.nextDouble()) * step;
        }
        to.write(out, i * outChannels + c, x);
      }
    }
    return new AudioFrame(
        frame.sampleRate(), outChannels, to, out, frame.timestamp(), frame.sequence());
  }

  /** Whether converting {@code from} to {@code to} (and maybe mixing down) loses precision. */
  static boolean loses(SampleFormat from, SampleFormat to, boolean mixedDown) {
    if (to == SampleFormat.F32) {
      return false;
    }
    return mixedDown || from == SampleFormat.F32 || from.bytes() > to.bytes();
  }
}
