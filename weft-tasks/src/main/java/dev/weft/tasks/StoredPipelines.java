package dev.weft.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Pipeline;
import java.util.List;

/**
 * Reads pipelines stored before nodes kept each runtime's options in a section of their own, so
 * that runs left unfinished by an older version go on: their nodes' flat option fields are moved
 * into {@code tasks} and {@code stream}.
 */
final class StoredPipelines {

  private static final List<String> TASK_FIELDS =
      List.of(
          "timeout",
          "priority",
          "user",
          "when",
          "exclusive",
          "limit",
          "cache",
          "continueOnFailure",
          "always",
          "rate",
          "routing");
  private static final List<String> STREAM_FIELDS = List.of("breaker", "isolation", "runtime");

  private StoredPipelines() {}

  static Pipeline upgraded(ObjectMapper mapper, String json) {
    try {
      JsonNode root = mapper.readTree(json);
      for (JsonNode node : root.path("nodes")) {
        if (node instanceof ObjectNode fields) {
          move(fields, TASK_FIELDS, "tasks");
          move(fields, STREAM_FIELDS, "stream");
        }
      }
      return mapper.treeToValue(root, Pipeline.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  private static void move(ObjectNode node, List<String> fields, String section) {
    ObjectNode options = null;
    for (String field : fields) {
      JsonNode value = node.remove(field);
      if (value != null) {
        if (options == null) {
          options = node.putObject(section);
        }
        options.set(field, value);
      }
    }
  }
}
