package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a frame guarantees: a read-only view of the bytes it was made from, not a copy. */
class AudioFrameTest {

  @Test
  void samplesAreAReadOnlyViewOfTheBytesNotACopy() {
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putShort(0, (short) 16384).putShort(2, (short) -32768);
    AudioFrame frame = new AudioFrame(16000, 2, SampleFormat.I16, bytes, Duration.ofMillis(20), 1);

    assertThat(frame.samples().isReadOnly()).isTrue();
    assertThat(frame.samples().getShort(0)).isEqualTo((short) 16384);
    assertThat(frame.sample(0)).isEqualTo(0.5);
    assertThat(frame.sample(1)).isEqualTo(-1.0);
    assertThat(frame.length()).isEqualTo(2);
    assertThat(frame.duration()).isEqualTo(Duration.ofNanos(125_000));
    // the bytes are shared, not copied: what the maker (wrongly) changes after shows through
    bytes.putShort(4, (short) 7);
    assertThat(frame.samples().getShort(4)).isEqualTo((short) 7);
  }

  @Test
  void aViewsPositionIsItsOwn() {
    AudioFrame frame =
        AudioFrame.of(8000, 1, SampleFormat.F32, new double[] {0.25, 0.5}, Duration.ZERO, 0);

    frame.samples().position(4);

    assertThat(frame.samples().remaining()).isEqualTo(8);
    assertThat(frame.samples().getFloat(4)).isEqualTo(0.5f);
  }

  @Test
  void bytesThatAreNotWholeSampleFramesAreRefused() {
    assertThatThrownBy(() ->
            new AudioFrame(8000, 2, SampleFormat.I16, ByteBuffer.allocate(6), Duration.ZERO, 0))
        .hasMessage("6 bytes are not a whole number of 2-channel i16 samples");
  }
}
