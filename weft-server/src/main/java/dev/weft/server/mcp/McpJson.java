package dev.weft.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Between the server's JSON trees and the plain maps the MCP SDK takes. */
final class McpJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private McpJson() {}

  static Map<String, Object> map(JsonNode object) {
    return MAPPER.convertValue(object, MAP);
  }

  static ObjectNode tree(Map<String, Object> map) {
    return map == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(map);
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }
}
