package dev.weft.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.core.Pipeline;

/** JSON for what the store keeps: pipelines and task results. */
final class Json {

  // Whole numbers read back as Long, as manifests give them, so a result survives a round trip.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  // Pipelines are stored with every run, so leave out what is at its default (absent lists, zero
  // priorities, false flags): a 100,000-node pipeline takes a quarter of the space and time.
  // Values inside config maps are kept as they are.
  private static final ObjectMapper PIPELINES =
      MAPPER
          .copy()
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_DEFAULT, JsonInclude.Include.ALWAYS));

  private Json() {}

  static String writePipeline(Pipeline pipeline) {
    try {
      return PIPELINES.writeValueAsString(pipeline);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String write(Object value) {
    if (value == null) {
      return "null"; // most tasks return nothing: no need to start a generator for it
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Object read(String json) {
    return json == null || json.equals("null") ? null : read(json, Object.class);
  }

  static Pipeline pipeline(String json) {
    try {
      return MAPPER.readValue(json, Pipeline.class);
    } catch (UnrecognizedPropertyException flat) {
      return StoredPipelines.upgraded(MAPPER, json); // stored before options had sections
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  // Results read as a module's type may have been written by an older version of it: a field the
  // type no longer has is ignored (one it gained reads as null or zero).
  private static final ObjectMapper RESULTS =
      MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** {@code value} (as {@link #read(String)} gives it) as an instance of {@code type}. */
  static Object convert(Object value, java.lang.reflect.Type type) {
    return RESULTS.convertValue(value, RESULTS.getTypeFactory().constructType(type));
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
