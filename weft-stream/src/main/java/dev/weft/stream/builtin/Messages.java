package dev.weft.stream.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.expr.Expression;
import dev.weft.core.spi.ConfigSchema;
import java.util.HashMap;
import java.util.Map;

/** What the built-in nodes share: expression variables of a message, and JSON. */
final class Messages {

  static final ObjectMapper JSON = new ObjectMapper();

  private Messages() {}

  /**
   * The names an expression sees for a message: {@code message} itself and, when it is a map (a CSV
   * row, a JSON object), each of its fields, so {@code level == 'error'} reads the field.
   */
  static Map<String, Object> variables(Object message) {
    Map<String, Object> vars = new HashMap<>();
    if (message instanceof Map<?, ?> fields) {
      fields.forEach((k, v) -> vars.put(String.valueOf(k), v));
    }
    vars.put("message", message);
    return vars;
  }

  static Object evaluate(Expression expression, Object message) {
    return expression.evaluate(variables(message));
  }

  /** The config of a node that reads or writes a file: the file and its format, to add to. */
  static ConfigSchema.Builder fileSchema(String file) {
    return ConfigSchema.builder()
        .required("file", ConfigSchema.Type.PATH, file)
        .optional(
            "format", ConfigSchema.Type.STRING, "lines, csv or jsonl (default: from the name)");
  }

  /** What a message is, for messages about it: {@code an object}, {@code the number 3}, ... */
  static String kind(Object message) {
    return switch (message) {
      case null -> "null";
      case Map<?, ?> map -> "an object";
      case java.util.List<?> list -> "a list";
      case String text -> "the text '" + abbreviate(text) + "'";
      case Number number -> "the number " + number;
      case Boolean flag -> flag.toString();
      default -> "a " + message.getClass().getSimpleName();
    };
  }

  /** At most 40 characters of {@code text}, with {@code ...} when it was longer. */
  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** The format of a file: {@code lines}, {@code csv} or {@code jsonl}, from config or name. */
  static String format(Object configured, String file) {
    if (configured != null) {
      return configured.toString();
    }
    return file.endsWith(".csv")
        ? "csv"
        : file.endsWith(".jsonl") || file.endsWith(".ndjson") ? "jsonl" : "lines";
  }
}
