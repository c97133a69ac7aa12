package dev.weft.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A WAV file's samples as {@link AudioFrame}s of a fixed length (the last one may be shorter).
 * 16-bit, 32-bit and float frames are views of the bytes read; 24-bit samples are widened to i32.
 */
final class WavReader implements Closeable {

  private final Path file;
  private final FileChannel channel;
  private final WavFormat format;
  private long read;
  private long sequence;

  private WavReader(Path file, FileChannel channel, WavFormat format) {
    this.file = file;
    this.channel = channel;
    this.format = format;
  }

  /** Opens {@code file} and reads its header. */
  static WavReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new WavReader(file, channel, WavFormat.read(file, channel));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file's layout. */
  WavFormat format() {
    return format;
  }

  /** The next frame of at most {@code length} samples per channel, or {@code null} at the end. */
  AudioFrame next(int length) throws IOException {
    long left = format.dataLength() - read;
    if (left <= 0) {
      return null;
    }
    int bytes = (int) Math.min(left, (long) length * format.blockAlign());
    ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, format.dataOffset() + read + buffer.position()) < 0) {
        throw new BadWavException(file, "the file ended inside its samples");
      }
    }
    buffer.flip();
    Duration at = Duration.ofNanos(sampleFrames(read) * 1_000_000_000L / format.sampleRate());
    read += bytes;
    ByteBuffer samples = format.bits() == 24 ? widen24(buffer) : buffer;
    return new AudioFrame(
        format.sampleRate(), format.channels(), format.frameFormat(), samples, at, sequence++);
  }

  private long sampleFrames(long bytes) {
    return bytes / format.blockAlign();
  }

  /** 24-bit samples as the top 24 bits of 32-bit ones. */
  private static ByteBuffer widen24(ByteBuffer packed) {
    int count = packed.remaining() / 3;
    ByteBuffer wide = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      int b = i * 3;
      int sample =
          (packed.get(b) & 0xFF) << 8 | (packed.get(b + 1) & 0xFF) << 16 | packed.get(b + 2) << 24;
      wide.putInt(i * 4, sample);
    }
    return wide;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
