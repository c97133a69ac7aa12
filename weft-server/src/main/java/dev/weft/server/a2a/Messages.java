package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a SendMessage asks Weft to run: a data part naming a stored pipeline ({@code {"pipeline":
 * NAME, "params": {...}}}) or carrying a manifest ({@code {"manifest": TEXT}}), else a text part
 * holding a manifest.
 */
final class Messages {

  private Messages() {}

  /**
   * The params of runs.submit, and the field of the part they came from.
   *
   * @param submit runs.submit's params
   * @param field where they were found, e.g. {@code message.parts[0].data}
   */
  record Work(ObjectNode submit, String field) {}

  /** The message of SendMessage params, checked: messageId, role, parts. */
  static JsonNode message(JsonNode params) {
    JsonNode message = params.get("message");
    if (message == null || !message.isObject()) {
      throw A2aError.invalidParams("message", "required: the message to send (an object)");
    }
    if (!message.path("messageId").isTextual() || message.path("messageId").asText().isBlank()) {
      throw A2aError.invalidParams("message.messageId", "required: a non-empty string");
    }
    String role = message.path("role").asText("");
    if (!role.equals("ROLE_USER") && !role.equals("user")) {
      throw A2aError.invalidParams(
          "message.role", "the sender's role: ROLE_USER (1.0) or user (0.3)");
    }
    JsonNode parts = message.get("parts");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw A2aError.invalidParams("message.parts", "at least one part is required");
    }
    return message;
  }

  /** What the message's parts ask to run. */
  static Work work(JsonNode message) {
    JsonNode parts = message.get("parts");
    Work text = null;
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      String field = "message.parts[" + i + "]";
      if (!part.isObject()) {
        throw A2aError.invalidParams(field, "a part is an object");
      }
      if (part.has("raw") || part.has("url") || part.has("file")) {
        throw new A2aError(
            A2aError.CONTENT_TYPE_NOT_SUPPORTED,
            "Content type not supported: " + field + " is a file; Weft takes data and text parts",
            field,
            "send a data part {\"pipeline\": NAME, \"params\": {...}} or {\"manifest\": TEXT}");
      }
      JsonNode data = part.get("data");
      if (data != null) {
        if (data.isObject() && (data.has("pipeline") || data.has("manifest"))) {
          return new Work(submitParams(data, field + ".data"), field + ".data");
        }
      } else if (text == null && part.path("text").isTextual()) {
        text =
            new Work(A2aJson.object().put("manifest", part.get("text").asText()), field + ".text");
      }
    }
    if (text != null) {
      return text;
    }
    throw A2aError.invalidParams(
        "message.parts",
        "name what to run: a data part {\"pipeline\": NAME, \"params\": {...}} or {\"manifest\":"
            + " TEXT}, or a text part holding a manifest");
  }

  private static ObjectNode submitParams(JsonNode data, String field) {
    ObjectNode submit = A2aJson.object();
    for (String key : new String[] {"pipeline", "manifest", "format"}) {
      JsonNode value = data.get(key);
      if (value != null && !value.isNull()) {
        if (!value.isTextual()) {
          throw A2aError.invalidParams(field + "." + key, "a string");
        }
        submit.set(key, value);
      }
    }
    JsonNode params = data.get("params");
    if (params != null && !params.isNull()) {
      if (!params.isObject()) {
        throw A2aError.invalidParams(field + ".params", "an object of run parameters");
      }
      submit.set("params", params);
    }
    return submit;
  }
}
