package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading a channel's samples in bulk gives what reading them one by one gives. */
class SampleFormatTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(SampleFormat.class)
  void aChannelReadInBulkHoldsEachSampleAsReadOneByOne(SampleFormat format) {
    Random random = new Random(7);
    for (int channels = 1; channels <= 3; channels++) {
      int length = 301;
      // the frame's bytes start 5 samples into a larger buffer, as a slice does
      ByteBuffer backing =
          ByteBuffer.allocate((length * channels + 10) * format.bytes())
              .order(ByteOrder.LITTLE_ENDIAN);
      random.nextBytes(backing.array());
      ByteBuffer bytes =
          backing
              .position(5 * format.bytes())
              .limit((5 + length * channels) * format.bytes())
              .slice()
              .asReadOnlyBuffer()
              .order(ByteOrder.LITTLE_ENDIAN);
      if (format == SampleFormat.F32) {
        for (int i = 0; i < length * channels; i++) {
          backing.putFloat((5 + i) * 4, (float) random.nextGaussian());
        }
      }
      for (int c = 0; c < channels; c++) {
        double[] bulk = new double[length];
        format.read(bytes, c, channels, bulk, length);
        for (int i = 0; i < length; i++) {
          assertThat(bulk[i])
              .as("%s, channel %d of %d, sample %d", format, c, channels, i)
              .isEqualTo(format.read(bytes, i * channels + c));
        }
      }
    }
  }
}
