package dev.weft.stream.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * How messages cross a process boundary: a {@code byte[]} as bytes, a {@code String} as UTF-8 text,
 * anything else (maps, lists, numbers, booleans, null) as JSON. The Python host reads the same
 * kinds: bytes as a {@code memoryview} of the shared file, text as {@code str}, JSON decoded.
 */
final class MessageCodec {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private MessageCodec() {}

  /**
   * Writes {@code message} into {@code writer}'s next loan and publishes it; false when the policy
   * dropped it or {@code stop} turned true.
   *
   * @throws IllegalArgumentException when the message cannot be written as JSON
   */
  static boolean write(ShmWriter writer, Object message, BooleanSupplier stop) {
    int kind;
    byte[] bytes;
    switch (message) {
      case byte[] b -> {
        kind = ShmLayout.KIND_BYTES;
        bytes = b;
      }
      case String s -> {
        kind = ShmLayout.KIND_TEXT;
        bytes = s.getBytes(StandardCharsets.UTF_8);
      }
      case null, default -> {
        kind = ShmLayout.KIND_JSON;
        try {
          bytes = JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              "a "
                  + message.getClass().getName()
                  + " cannot cross to another process: only bytes, text and JSON values can ("
                  + e.getOriginalMessage()
                  + ")",
              e);
        }
      }
    }
    MemorySegment buffer = writer.loan(bytes.length, stop);
    if (buffer == null) {
      return false;
    }
    MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
    writer.publish(bytes.length, kind);
    return true;
  }

  /** The message as a Java value (a copy: the slot may be released afterwards). */
  static Object read(ShmMessage message) {
    return switch (message.kind()) {
      case ShmLayout.KIND_TEXT -> message.text();
      case ShmLayout.KIND_JSON -> {
        try {
          yield JSON.readValue(message.bytes(), Object.class);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "message " + message.sequence() + " is not JSON: " + e.getMessage(), e);
        }
      }
      default -> message.bytes();
    };
  }
}
