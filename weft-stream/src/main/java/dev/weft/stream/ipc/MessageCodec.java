package dev.weft.stream.ipc;

import java.lang.foreign.MemorySegment;

/**
 * How messages of one Java type cross to another process: written into the shared file under a
 * {@link #kind()} number, read back from it. Bytes, text and JSON need none; register one for any
 * other type with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.weft.stream.ipc.MessageCodec}), on the class path of both the pipeline and
 * the node host (the Java host has the pipeline's class path). A Python node reads and writes the
 * same kind through a codec registered with {@code weft.codec(kind, ...)}.
 *
 * <p>Kinds 0 to 2 are bytes, text and JSON; 3 to 255 are Weft's own codecs (3: the audio frames of
 * {@code weft-audio}); user codecs take {@link ShmLayout#FIRST_USER_KIND} and above.
 *
 * @param <T> the messages it writes
 */
public interface MessageCodec<T> {

  /** The number the shared file's descriptor carries for these messages. */
  int kind();

  /** The messages it writes: every instance of this type. */
  Class<T> type();

  /** The bytes {@code message} takes in the shared file. */
  int size(T message);

  /**
   * Writes {@code message} into {@code buffer}, which is {@link #size} bytes of the shared file.
   */
  void write(T message, MemorySegment buffer);

  /**
   * The message in {@code payload}, read in place: {@code payload} is valid only during the call,
   * so the result must not keep it (copy what it keeps).
   */
  T read(MemorySegment payload);
}
