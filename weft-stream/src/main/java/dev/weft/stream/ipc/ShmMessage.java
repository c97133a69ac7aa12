package dev.weft.stream.ipc;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A message taken from a shared-memory channel, read in place: {@code payload} views the shared
 * file itself (read-only), and is valid only until {@link ShmReader#release()}.
 *
 * @param sequence the message's number in its channel, from 0
 * @param kind what the bytes are ({@link ShmLayout#KIND_BYTES}, {@code KIND_TEXT}, {@code
 *     KIND_JSON})
 * @param payload the bytes, in place
 */
public record ShmMessage(long sequence, int kind, MemorySegment payload) {

  /** A copy of the bytes, for keeping past the release. */
  public byte[] bytes() {
    return payload.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
  }

  /** The bytes as UTF-8 text (a copy). */
  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }
}
