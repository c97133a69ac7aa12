package dev.weft.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.core.Pipeline;

/** JSON for what the store keeps: pipelines and task results. */
final class Json {

  // Whole numbers read back as Long, as manifests give them, so a result survives a round trip.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Object read(String json) {
    return json == null ? null : read(json, Object.class);
  }

  static Pipeline pipeline(String json) {
    return read(json, Pipeline.class);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
