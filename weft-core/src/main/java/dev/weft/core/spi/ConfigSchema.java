package dev.weft.core.spi;

import dev.weft.core.Durations;
import dev.weft.core.validate.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys a node type accepts under {@code with:}, their types and which are required.
 *
 * <pre>{@code
 * ConfigSchema.builder()
 *     .required("url", Type.STRING, "address to call")
 *     .optional("timeout", Type.DURATION, "how long to wait")
 *     .build();
 * }</pre>
 */
public final class ConfigSchema {

  /** A schema with no keys: {@code with:} must be empty. */
  public static final ConfigSchema EMPTY = builder().build();

  /**
   * A schema that takes any keys of any values, for types whose config another runtime checks (a
   * Python node's setup(config), say).
   */
  public static final ConfigSchema ANY_KEYS = new ConfigSchema(new LinkedHashMap<>(), true);

  /** The value types a key may have. */
  public enum Type {
    STRING("a string"),
    INTEGER("a whole number"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    DURATION("a duration such as 5s"),
    LIST("a list"),
    MAP("a map of keys to values"),
    /** A file path; in a manifest, relative to the manifest's directory. */
    PATH("a file path, relative to the manifest"),
    /** An expression of {@link dev.weft.core.expr.Expression}'s language, checked when read. */
    EXPRESSION("an expression such as level == 'error'"),
    /** A map of names to expressions, each checked when read: {@code total: qty * price}. */
    EXPRESSIONS("a map of names to expressions, e.g. total: qty * price"),
    ANY("any value");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /** What a value of this type looks like, for messages. */
    public String description() {
      return description;
    }

    private static boolean parses(String expression) {
      try {
        dev.weft.core.expr.Expression.parse(expression);
        return true;
      } catch (dev.weft.core.expr.ExpressionException e) {
        return false;
      }
    }

    /** Whether {@code value} (as read from a manifest) has this type. */
    public boolean accepts(Object value) {
      return switch (this) {
        case STRING, PATH -> value instanceof String;
        case INTEGER ->
            value instanceof Integer
                || value instanceof Long
                || value instanceof java.math.BigInteger;
        case NUMBER -> value instanceof Number;
        case BOOLEAN -> value instanceof Boolean;
        case DURATION -> value instanceof String s && Durations.parse(s).isPresent();
        case LIST -> value instanceof List<?>;
        case MAP -> value instanceof Map<?, ?>;
        case EXPRESSION -> value instanceof String s && parses(s);
        case EXPRESSIONS ->
            value instanceof Map<?, ?> m
                && m.values().stream().allMatch(v -> v instanceof String s && parses(s));
        case ANY -> true;
      };
    }
  }

  /**
   * One key.
   *
   * @param name the key
   * @param type its value type
   * @param required whether it must be given
   * @param description what it means, for {@code weft types} and hints
   */
  public record Field(String name, Type type, boolean required, String description) {}

  /**
   * A mismatch between a {@code with:} map and the schema.
   *
   * @param key the key concerned, or {@code null} when a required key is missing
   * @param message what is wrong
   * @param hint how to fix it, or {@code null}
   */
  public record Violation(String key, String message, String hint) {}

  private final Map<String, Field> fields;
  private final boolean anyKeys;

  private ConfigSchema(Map<String, Field> fields, boolean anyKeys) {
    this.fields = Collections.unmodifiableMap(fields);
    this.anyKeys = anyKeys;
  }

  /** A builder for a schema. */
  public static Builder builder() {
    return new Builder();
  }

  /** The keys in declaration order. */
  public List<Field> fields() {
    return List.copyOf(fields.values());
  }

  /**
   * {@code with} with every {@link Type#PATH} value resolved against {@code dir}, or {@code with}
   * itself when it holds none.
   */
  public Map<String, Object> resolvePaths(Map<String, Object> with, java.nio.file.Path dir) {
    Map<String, Object> resolved = null;
    for (Field field : fields.values()) {
      if (field.type() == Type.PATH && with.get(field.name()) instanceof String p) {
        if (resolved == null) {
          resolved = new LinkedHashMap<>(with);
        }
        resolved.put(field.name(), dir.resolve(p).normalize().toString());
      }
    }
    return resolved == null ? with : resolved;
  }

  /** Everything wrong with {@code with}, in key order; empty when it fits. */
  public List<Violation> check(Map<String, Object> with) {
    List<Violation> violations = new ArrayList<>();
    for (Field field : fields.values()) {
      if (field.required() && with.get(field.name()) == null) {
        violations.add(
            new Violation(
                null,
                "missing required config '" + field.name() + "'",
                "add '" + field.name() + "' (" + field.type().description() + ") under with:"));
      }
    }
    for (Map.Entry<String, Object> entry : with.entrySet()) {
      Field field = fields.get(entry.getKey());
      if (field == null && anyKeys) {
        continue;
      }
      if (field == null) {
        violations.add(
            new Violation(
                entry.getKey(),
                "unknown config key '" + entry.getKey() + "'",
                Suggestions.didYouMean(entry.getKey(), fields.keySet(), "known keys")));
      } else if (field.type() == Type.EXPRESSION && entry.getValue() instanceof String text) {
        expression(entry.getKey(), entry.getKey(), text).ifPresent(violations::add);
      } else if (field.type() == Type.EXPRESSIONS && entry.getValue() instanceof Map<?, ?> map) {
        map.forEach((name, value) -> {
          String label = entry.getKey() + "." + name;
          if (value instanceof String text) {
            expression(entry.getKey(), label, text).ifPresent(violations::add);
          } else {
            violations.add(
                new Violation(
                    entry.getKey(),
                    "'" + label + "' must be an expression, got " + describe(value),
                    "quote it: " + name + ": \"...\""));
          }
        });
      } else if (entry.getValue() != null && !field.type().accepts(entry.getValue())) {
        violations.add(
            new Violation(
                entry.getKey(),
                "config '"
                    + entry.getKey()
                    + "' must be "
                    + field.type().description()
                    + ", got "
                    + describe(entry.getValue()),
                field.type() == Type.DURATION
                    ? Durations.hint(entry.getValue())
                    : field.description()));
      }
    }
    return violations;
  }

  /** A violation when {@code text} does not parse as an expression. */
  private static java.util.Optional<Violation> expression(String key, String label, String text) {
    try {
      dev.weft.core.expr.Expression.parse(text);
      return java.util.Optional.empty();
    } catch (dev.weft.core.expr.ExpressionException e) {
      return java.util.Optional.of(
          new Violation(
              key,
              "bad expression in '" + label + "': " + e.getMessage(),
              "e.g. level == 'error' && ms > 100; see docs/expressions.md"));
    }
  }

  private static String describe(Object value) {
    return switch (value) {
      case String s -> "'" + s + "'";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "a map";
      default -> String.valueOf(value);
    };
  }

  /** Builds a {@link ConfigSchema}. */
  public static final class Builder {
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private Builder() {}

    /** A key that must be given. */
    public Builder required(String name, Type type, String description) {
      return add(new Field(name, type, true, description));
    }

    /** A key that may be given. */
    public Builder optional(String name, Type type, String description) {
      return add(new Field(name, type, false, description));
    }

    private Builder add(Field field) {
      Objects.requireNonNull(field.name(), "name");
      if (fields.putIfAbsent(field.name(), field) != null) {
        throw new IllegalArgumentException("key '" + field.name() + "' declared twice");
      }
      return this;
    }

    /** The schema. */
    public ConfigSchema build() {
      return new ConfigSchema(new LinkedHashMap<>(fields), false);
    }
  }
}
