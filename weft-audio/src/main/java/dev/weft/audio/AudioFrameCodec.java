package dev.weft.audio;

import dev.weft.stream.ipc.MessageCodec;
import dev.weft.stream.ipc.ShmLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * {@link AudioFrame}s across processes (kind {@link ShmLayout#KIND_AUDIO_FRAME}): a 32-byte header,
 * then the samples as they are in the frame, so a Python node reads them as a {@code memoryview} or
 * numpy array of the shared file itself ({@code weft.AudioFrame}, without a copy). Little-endian:
 *
 * <pre>
 *   0    int   sample rate, Hz
 *   4    int   channels
 *   8    int   format: 0 i16, 1 i32, 2 f32
 *   12   int   layout: 0 interleaved, 1 planar
 *   16   long  timestamp, nanoseconds since the start of the stream
 *   24   long  sequence
 *   32   ...   samples (32 bytes into a 64-aligned payload: 32-aligned)
 * </pre>
 *
 * A frame read back in Java copies its samples out of the shared file (the slot is released after).
 */
public final class AudioFrameCodec implements MessageCodec<AudioFrame> {

  /** Bytes before the samples. */
  public static final int HEADER = 32;

  @Override
  public int kind() {
    return ShmLayout.KIND_AUDIO_FRAME;
  }

  @Override
  public Class<AudioFrame> type() {
    return AudioFrame.class;
  }

  @Override
  public int size(AudioFrame frame) {
    return HEADER + frame.samples().remaining();
  }

  @Override
  public void write(AudioFrame frame, MemorySegment buffer) {
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, 0, frame.sampleRate());
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, 4, frame.channels());
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, 8, frame.format().ordinal());
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, 12, frame.layout().ordinal());
    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, frame.timestamp().toNanos());
    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, 24, frame.sequence());
    ByteBuffer samples = frame.samples();
    buffer.asSlice(HEADER).asByteBuffer().put(samples);
  }

  @Override
  public AudioFrame read(MemorySegment payload) {
    int format = payload.get(ValueLayout.JAVA_INT_UNALIGNED, 8);
    int layout = payload.get(ValueLayout.JAVA_INT_UNALIGNED, 12);
    if (format < 0 || format >= SampleFormat.values().length || layout < 0 || layout > 1) {
      throw new IllegalArgumentException(
          "an audio frame of unknown format " + format + " or layout " + layout);
    }
    byte[] samples = payload.asSlice(HEADER).toArray(ValueLayout.JAVA_BYTE);
    return new AudioFrame(
        payload.get(ValueLayout.JAVA_INT_UNALIGNED, 0),
        payload.get(ValueLayout.JAVA_INT_UNALIGNED, 4),
        SampleFormat.values()[format],
        ByteBuffer.wrap(samples).order(ByteOrder.LITTLE_ENDIAN),
        Duration.ofNanos(payload.get(ValueLayout.JAVA_LONG_UNALIGNED, 16)),
        payload.get(ValueLayout.JAVA_LONG_UNALIGNED, 24),
        SampleLayout.values()[layout]);
  }
}
