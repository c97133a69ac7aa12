package dev.weft.stream.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;

/**
 * How messages cross a process boundary: a {@code byte[]} as bytes, a {@code String} as UTF-8 text,
 * an instance of a registered {@link MessageCodec}'s type by that codec, anything else (maps,
 * lists, numbers, booleans, null) as JSON. The Python host reads the same kinds: bytes as a {@code
 * memoryview} of the shared file, text as {@code str}, JSON decoded, a codec's kind by the Python
 * codec of that kind.
 */
final class Codecs {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private static final List<MessageCodec<?>> REGISTERED = load();
  private static final Map<Integer, MessageCodec<?>> BY_KIND = byKind(REGISTERED);

  private Codecs() {}

  private static List<MessageCodec<?>> load() {
    List<MessageCodec<?>> codecs = new ArrayList<>();
    ServiceLoader.load(MessageCodec.class, Codecs.class.getClassLoader()).forEach(codecs::add);
    return List.copyOf(codecs);
  }

  private static Map<Integer, MessageCodec<?>> byKind(List<MessageCodec<?>> codecs) {
    Map<Integer, MessageCodec<?>> byKind = new HashMap<>();
    for (MessageCodec<?> codec : codecs) {
      if (codec.kind() <= ShmLayout.KIND_JSON) {
        throw new IllegalStateException(
            codec.getClass().getName() + " takes kind " + codec.kind() + ", which is built in");
      }
      MessageCodec<?> earlier = byKind.putIfAbsent(codec.kind(), codec);
      if (earlier != null) {
        throw new IllegalStateException(
            "two message codecs take kind "
                + codec.kind()
                + ": "
                + earlier.getClass().getName()
                + " and "
                + codec.getClass().getName());
      }
    }
    return Map.copyOf(byKind);
  }

  /**
   * Writes {@code message} into {@code writer}'s next loan and publishes it; false when the policy
   * dropped it or {@code stop} turned true.
   *
   * @throws IllegalArgumentException when the message cannot be written as JSON
   */
  static boolean write(ShmWriter writer, Object message, BooleanSupplier stop) {
    for (MessageCodec<?> codec : REGISTERED) {
      if (codec.type().isInstance(message)) {
        return write(writer, codec, message, stop);
      }
    }
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
                  + " cannot cross to another process: only bytes, text, JSON values and types"
                  + " with a MessageCodec can ("
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

  private static <T> boolean write(
      ShmWriter writer, MessageCodec<T> codec, Object message, BooleanSupplier stop) {
    T value = codec.type().cast(message);
    int size = codec.size(value);
    MemorySegment buffer = writer.loan(size, stop);
    if (buffer == null) {
      return false;
    }
    codec.write(value, buffer);
    writer.publish(size, codec.kind());
    return true;
  }

  /** The message as a Java value (a copy: the slot may be released afterwards). */
  static Object read(ShmMessage message) {
    return switch (message.kind()) {
      case ShmLayout.KIND_BYTES -> message.bytes();
      case ShmLayout.KIND_TEXT -> message.text();
      case ShmLayout.KIND_JSON -> {
        try {
          yield JSON.readValue(message.bytes(), Object.class);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "message " + message.sequence() + " is not JSON: " + e.getMessage(), e);
        }
      }
      default -> {
        MessageCodec<?> codec = BY_KIND.get(message.kind());
        if (codec == null) {
          throw new IllegalArgumentException(
              "message "
                  + message.sequence()
                  + " is of kind "
                  + message.kind()
                  + ", which no MessageCodec on the class path reads (hint: add the jar that"
                  + " registers it)");
        }
        yield codec.read(message.payload());
      }
    };
  }
}
