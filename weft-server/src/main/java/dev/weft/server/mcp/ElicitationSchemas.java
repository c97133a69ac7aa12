package dev.weft.server.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms the conformance suite's elicitation tools ({@link ConformanceTools}) ask the client to
 * fill in, as the suite's scenarios check them: a name and an email; a default for each primitive
 * type (SEP-1034); each kind of enum (SEP-1330).
 */
final class ElicitationSchemas {

  private ElicitationSchemas() {}

  /** {@code username} and {@code email}, both required. */
  static Map<String, Object> usernameAndEmail() {
    return form(
        Map.of(
            "username", Map.of("type", "string", "description", "User's response"),
            "email", Map.of("type", "string", "description", "User's email address")),
        List.of("username", "email"));
  }

  /** A string, an integer, a number, an enum and a boolean, each with its default. */
  static Map<String, Object> withDefaults() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("name", field("string", "User name", "John Doe"));
    properties.put("age", field("integer", "User age", 30));
    properties.put("score", field("number", "User score", 95.5));
    Map<String, Object> status = field("string", "User status", "active");
    status.put("enum", List.of("active", "inactive", "pending"));
    properties.put("status", status);
    properties.put("verified", field("boolean", "Verification status", true));
    return form(properties, List.of());
  }

  /**
   * The five enums: untitled and titled single-select, the legacy titled one (enumNames), untitled
   * and titled multi-select.
   */
  static Map<String, Object> enums() {
    List<String> options = List.of("option1", "option2", "option3");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "untitledSingle",
        Map.of("type", "string", "description", "Select one option", "enum", options));
    properties.put(
        "titledSingle",
        Map.of(
            "type",
            "string",
            "description",
            "Select one option with titles",
            "oneOf",
            titled("First Option", "Second Option", "Third Option")));
    properties.put(
        "legacyEnum",
        Map.of(
            "type",
            "string",
            "description",
            "Select one option (legacy)",
            "enum",
            List.of("opt1", "opt2", "opt3"),
            "enumNames",
            List.of("Option One", "Option Two", "Option Three")));
    properties.put(
        "untitledMulti",
        Map.of(
            "type",
            "array",
            "description",
            "Select multiple options",
            "items",
            Map.of("type", "string", "enum", options)));
    properties.put(
        "titledMulti",
        Map.of(
            "type",
            "array",
            "description",
            "Select multiple options with titles",
            "items",
            Map.of("anyOf", titled("First Choice", "Second Choice", "Third Choice"))));
    return form(properties, List.of());
  }

  /** {@code value1}, {@code value2}, ... each with its title. */
  private static List<Map<String, Object>> titled(String... titles) {
    List<Map<String, Object>> choices = new java.util.ArrayList<>();
    for (int i = 0; i < titles.length; i++) {
      choices.add(Map.of("const", "value" + (i + 1), "title", titles[i]));
    }
    return choices;
  }

  private static Map<String, Object> field(String type, String description, Object fallback) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", type);
    f.put("description", description);
    f.put("default", fallback);
    return f;
  }

  private static Map<String, Object> form(Map<String, ?> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    return schema;
  }
}
