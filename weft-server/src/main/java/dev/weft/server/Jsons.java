package dev.weft.server;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The server's JSON: one mapper, and the nodes it builds. */
final class Jsons {

  private Jsons() {}

  /** How deep a request may nest: deeper is a parse error, not a stack overflow. */
  static final int MAX_DEPTH = 64;

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(10_000_000)
                .build());
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Stored JSON text as a tree, or JSON null for none. */
  static JsonNode parse(String json) {
    if (json == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      return JsonNodeFactory.instance.textNode(json);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
