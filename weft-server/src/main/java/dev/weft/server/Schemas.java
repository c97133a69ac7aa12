package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON Schemas of params and results, built in code and checked here: the same schema that the
 * OpenRPC document publishes decides what a method accepts. The keywords checked: type (one or a
 * list), properties, required, additionalProperties (false), items, enum, minimum, maximum,
 * minLength, maxLength, minItems, maxItems, pattern.
 */
final class Schemas {

  private Schemas() {}

  static ObjectNode type(String type, String description) {
    ObjectNode s = Jsons.object().put("type", type);
    if (description != null) {
      s.put("description", description);
    }
    return s;
  }

  static ObjectNode type(java.util.List<String> types, String description) {
    ObjectNode s = Jsons.object();
    ArrayNode t = s.putArray("type");
    types.forEach(t::add);
    if (description != null) {
      s.put("description", description);
    }
    return s;
  }

  static ObjectNode string(String description) {
    return type("string", description).put("maxLength", 10_000);
  }

  static ObjectNode integer(String description) {
    return type("integer", description);
  }

  static ObjectNode bool(String description) {
    return type("boolean", description);
  }

  static ObjectNode anyObject(String description) {
    return type("object", description);
  }

  /**
   * A task, run or other id: a number, or its decimal digits as text (as the task API has them).
   */
  static ObjectNode id(String description) {
    ObjectNode s = Jsons.object();
    s.set("type", Jsons.array().add("string").add("integer"));
    s.put("pattern", "^[0-9]{1,18}$");
    s.put("minimum", 1);
    s.put("description", description);
    return s;
  }

  static ObjectNode oneOfValues(String description, String... values) {
    ObjectNode s = type("string", description);
    ArrayNode e = s.putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return s;
  }

  static ObjectNode arrayOf(JsonNode items, String description) {
    ObjectNode s = type("array", description);
    s.set("items", items);
    return s;
  }

  static ObjectNode range(ObjectNode schema, long min, long max) {
    return schema.put("minimum", min).put("maximum", max);
  }

  /** An object schema: {@code props} as name, schema, required ("!" before the name). */
  static ObjectNode object(String description, Object... props) {
    ObjectNode s = type("object", description);
    ObjectNode properties = s.putObject("properties");
    ArrayNode required = Jsons.array();
    for (int i = 0; i + 1 < props.length; i += 2) {
      String name = (String) props[i];
      if (name.startsWith("!")) {
        name = name.substring(1);
        required.add(name);
      }
      properties.set(name, (JsonNode) props[i + 1]);
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    s.put("additionalProperties", false);
    return s;
  }

  /** {@link #object} that also takes properties it does not name. */
  static ObjectNode openObject(String description, Object... props) {
    ObjectNode s = object(description, props);
    s.remove("additionalProperties");
    return s;
  }

  /**
   * Checks {@code value} against {@code schema}.
   *
   * @param path how the value is named in the error, e.g. {@code tasks[1].priority}
   * @throws RpcException -32602 naming the field and why
   */
  static void check(JsonNode schema, JsonNode value, String path) {
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(type, value)) {
      throw RpcException.invalidParams(path, "must be " + typeName(type) + ", not " + kind(value));
    }
    JsonNode values = schema.get("enum");
    if (values != null) {
      boolean found = false;
      for (JsonNode v : values) {
        found |= v.equals(value);
      }
      if (!found) {
        throw RpcException.invalidParams(path, "must be one of " + Jsons.text(values));
      }
    }
    if (value.isTextual()) {
      String text = value.textValue();
      if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
        throw RpcException.invalidParams(
            path, "is longer than " + schema.get("maxLength").asInt() + " characters");
      }
      if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
        throw RpcException.invalidParams(
            path, "must have at least " + schema.get("minLength").asInt() + " characters");
      }
      if (schema.has("pattern") && !text.matches(schema.get("pattern").asText())) {
        throw RpcException.invalidParams(
            path,
            schema.has("minimum")
                ? "must be a positive whole number"
                : "has characters not allowed");
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum")
          && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
        throw RpcException.invalidParams(path, "must be at least " + schema.get("minimum"));
      }
      if (schema.has("maximum")
          && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
        throw RpcException.invalidParams(path, "must be at most " + schema.get("maximum"));
      }
    }
    if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        throw RpcException.invalidParams(
            path, "has more than " + schema.get("maxItems").asInt() + " items");
      }
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        throw RpcException.invalidParams(
            path, "must have at least " + schema.get("minItems").asInt() + " items");
      }
      JsonNode items = schema.get("items");
      if (items != null) {
        for (int i = 0; i < value.size(); i++) {
          check(items, value.get(i), path + "[" + i + "]");
        }
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode required = schema.get("required");
      if (required != null) {
        for (JsonNode name : required) {
          if (!value.has(name.asText()) || value.get(name.asText()).isNull()) {
            throw RpcException.invalidParams(join(path, name.asText()), "is required");
          }
        }
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode sub = properties == null ? null : properties.get(field.getKey());
        if (sub == null) {
          if (schema.path("additionalProperties").isBoolean()
              && !schema.get("additionalProperties").asBoolean()) {
            throw RpcException.invalidParams(
                join(path, field.getKey()), "is not a parameter of this method");
          }
        } else if (!field.getValue().isNull()) {
          check(sub, field.getValue(), join(path, field.getKey()));
        }
      }
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, value)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() && value.canConvertToLong();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static String typeName(JsonNode type) {
    if (type.isArray()) {
      StringBuilder names = new StringBuilder();
      for (JsonNode t : type) {
        names.append(names.isEmpty() ? "" : " or ").append(article(t.asText()));
      }
      return names.toString();
    }
    return article(type.asText());
  }

  private static String article(String type) {
    return switch (type) {
      case "object", "array", "integer" -> "an " + type;
      default -> "a " + type;
    };
  }

  static String kind(JsonNode value) {
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isIntegralNumber()) {
      return "an integer";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }
}
