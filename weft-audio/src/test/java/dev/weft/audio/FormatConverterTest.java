package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Known answers of sample format conversion and channel mixing. */
class FormatConverterTest {

  private static AudioFrame frame(SampleFormat format, int channels, double... samples) {
    return AudioFrame.of(48000, channels, format, samples, Duration.ZERO, 0);
  }

  private static int[] i16(AudioFrame frame) {
    int[] out = new int[frame.length() * frame.channels()];
    for (int i = 0; i < out.length; i++) {
      out[i] = frame.samples().getShort(i * 2);
    }
    return out;
  }

  @Test
  void floatsBeyondFullScaleClipAndRoundToTheNearest() {
    AudioFrame f32 =
        frame(
            SampleFormat.F32,
            1,
            1.0,
            -1.0,
            2.5,
            -7,
            0.5 / 32768,
            1.5 / 32768,
            -0.6 / 32768,
            Double.NaN);

    AudioFrame out = new FormatConverter(SampleFormat.I16, 0, null, null).convert(f32);

    assertThat(i16(out)).containsExactly(32767, -32768, 32767, -32768, 0, 2, -1, 0);
  }

  @Test
  void i32NarrowsToI16ByRoundingItsLow16Bits() {
    AudioFrame i32 = AudioFrame.of(8000, 1, SampleFormat.I32, new double[] {0}, Duration.ZERO, 0);
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(0, 0x7FFF_FFFF).putInt(4, 0x0001_7FFF).putInt(8, 0x0001_8000).putInt(12, -0x8000);
    i32 = new AudioFrame(8000, 1, SampleFormat.I32, bytes, Duration.ZERO, 0);

    assertThat(i16(new FormatConverter(SampleFormat.I16, 0, null, null).convert(i32)))
        .containsExactly(32767, 1, 2, 0);
  }

  @Test
  void mixingDownTakesTheMeanAndMixingUpCopies() {
    AudioFrame stereo = frame(SampleFormat.I16, 2, 0.5, 0.25, -1, -0.5);

    AudioFrame mono = new FormatConverter(null, 1, null, null).convert(stereo);
    AudioFrame back = new FormatConverter(null, 3, null, null).convert(mono);

    assertThat(i16(mono)).containsExactly(12288, -24576);
    assertThat(back.channels()).isEqualTo(3);
    assertThat(i16(back)).containsExactly(12288, 12288, 12288, -24576, -24576, -24576);
  }

  @Test
  void aFrameThatFitsPassesThroughAsItIs() {
    AudioFrame frame = frame(SampleFormat.I16, 2, 0.5, 0.25);

    assertThat(
            new FormatConverter(SampleFormat.I16, 2, null, new SplittableRandom(1)).convert(frame))
        .isSameAs(frame);
  }

  @Test
  void ditherStaysWithinOneStepAndNeverTouchesLosslessConversions() {
    double[] samples = new double[4800];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = Math.sin(i / 10.0) * 0.3;
    }
    AudioFrame f32 = frame(SampleFormat.F32, 1, samples);
    AudioFrame plain = new FormatConverter(SampleFormat.I16, 0, null, null).convert(f32);
    AudioFrame dithered =
        new FormatConverter(SampleFormat.I16, 0, null, new SplittableRandom(7)).convert(f32);

    int[] a = i16(plain);
    int[] b = i16(dithered);
    int changed = 0;
    for (int i = 0; i < a.length; i++) {
      assertThat(Math.abs(a[i] - b[i])).isLessThanOrEqualTo(1);
      changed += a[i] == b[i] ? 0 : 1;
    }
    assertThat(changed).isGreaterThan(100);
    AudioFrame wide =
        new FormatConverter(SampleFormat.F32, 0, null, new SplittableRandom(7)).convert(plain);
    assertThat(
            i16(
                new FormatConverter(SampleFormat.I16, 0, null, new SplittableRandom(7))
                    .convert(wide)))
        .containsExactly(a);
  }

  @Test
  void stereoCannotBecomeSixChannels() {
    assertThatThrownBy(() ->
            new FormatConverter(null, 6, null, null).convert(frame(SampleFormat.I16, 2, 0, 0)))
        .hasMessage(
            "cannot mix 2 channels into 6: audio.format mixes down to 1 channel or up from 1");
  }

  @Test
  void planarPutsEachChannelAfterTheOtherAndBackGivesTheSameBits() {
    AudioFrame stereo = frame(SampleFormat.I16, 2, 0.1, -0.1, 0.2, -0.2, 0.3, -0.3);

    AudioFrame planar = new FormatConverter(null, 0, SampleLayout.PLANAR, null).convert(stereo);
    AudioFrame back = new FormatConverter(null, 0, SampleLayout.INTERLEAVED, null).convert(planar);

    assertThat(planar.layout()).isEqualTo(SampleLayout.PLANAR);
    assertThat(i16(planar)).containsExactly(3277, 6554, 9830, -3277, -6554, -9830);
    assertThat(planar.sample(2, 1)).isEqualTo(stereo.sample(2, 1)).isEqualTo(-9830 / 32768.0);
    assertThat(back).isEqualTo(stereo);
    assertThat(planar.toString()).contains("i16 planar");
  }

  @Test
  void aPlanarFrameIsConvertedAndMixedAsItsSamplesAreAndKeepsItsLayout() {
    AudioFrame stereo = frame(SampleFormat.F32, 2, 0.5, 0.25, -0.5, 0.75);
    AudioFrame planar = stereo.withLayout(SampleLayout.PLANAR);

    AudioFrame mono = new FormatConverter(SampleFormat.I16, 1, null, null).convert(planar);
    AudioFrame i16 = new FormatConverter(SampleFormat.I16, 0, null, null).convert(planar);

    assertThat(i16(mono)).containsExactly(12288, 4096);
    assertThat(i16.layout()).isEqualTo(SampleLayout.PLANAR);
    assertThat(i16(i16)).containsExactly(16384, -16384, 8192, 24576);
  }

  @Test
  void aFrameInTheWantedLayoutPassesThroughAsItIs() {
    AudioFrame planar =
        frame(SampleFormat.I16, 2, 0.1, 0.2, 0.3, 0.4).withLayout(SampleLayout.PLANAR);

    assertThat(new FormatConverter(null, 0, SampleLayout.PLANAR, null).convert(planar))
        .isSameAs(planar);
  }
}
