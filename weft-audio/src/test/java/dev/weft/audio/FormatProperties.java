package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Round trips that lose nothing give back the same bits; narrowing rounds and clips. */
class FormatProperties {

  private static AudioFrame i16Frame(short[] samples, int channels) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples.length; i++) {
      bytes.putShort(i * 2, samples[i]);
    }
    return new AudioFrame(16000, channels, SampleFormat.I16, bytes, Duration.ZERO, 0);
  }

  private static FormatConverter to(SampleFormat format, boolean dither) {
    return new FormatConverter(format, 0, null, dither ? new SplittableRandom(3) : null);
  }

  @Property
  void i16ThroughF32OrI32ComesBackBitExact(
      @ForAll @Size(min = 1, max = 400) short[] samples, @ForAll boolean dither) {
    int channels = samples.length % 2 == 0 ? 2 : 1;
    AudioFrame frame = i16Frame(samples, channels);
    for (SampleFormat via : new SampleFormat[] {SampleFormat.F32, SampleFormat.I32}) {
      AudioFrame back = to(SampleFormat.I16, dither).convert(to(via, dither).convert(frame));

      assertThat(back.samples()).isEqualTo(frame.samples());
      assertThat(back.channels()).isEqualTo(channels);
    }
  }

  @Property
  void floatsNarrowToTheNearestI16AndClip(@ForAll float sample) {
    AudioFrame f32 =
        AudioFrame.of(8000, 1, SampleFormat.F32, new double[] {sample}, Duration.ZERO, 0);

    short out = to(SampleFormat.I16, false).convert(f32).samples().getShort(0);

    double scaled = Float.isNaN(sample) ? 0 : Math.rint(sample * 32768.0);
    assertThat((double) out).isEqualTo(Math.max(-32768, Math.min(32767, scaled)));
    if (!Float.isNaN(sample) && Math.abs(sample) < 1) {
      assertThat(Math.abs(out / 32768.0 - sample)).isLessThanOrEqualTo(0.5 / 32768);
    }
  }

  @Property
  void i32NarrowsToTheNearestI16(@ForAll int sample) {
    ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, sample);
    AudioFrame i32 = new AudioFrame(8000, 1, SampleFormat.I32, bytes, Duration.ZERO, 0);

    short out = to(SampleFormat.I16, false).convert(i32).samples().getShort(0);

    long nearest = Math.round(Math.rint(sample / 65536.0));
    assertThat((long) out).isEqualTo(Math.min(32767, nearest));
    assertThat(Math.abs(out * 65536L - sample))
        .isLessThanOrEqualTo(sample > 0x7FFF_7FFF ? 65536 : 32768);
  }
}
