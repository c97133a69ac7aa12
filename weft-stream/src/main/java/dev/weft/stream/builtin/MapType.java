package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.expr.Expression;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code map}: each message becomes the value of {@code expr}; or, with {@code set}, a copy of the
 * message (a map) with fields set from expressions; or the output of a Java {@link Transform} named
 * by {@code class} (public, with a no-argument constructor).
 */
public final class MapType implements StreamNodeType {

  @Override
  public String name() {
    return "map";
  }

  @Override
  public String description() {
    return "turns each message into an expression's value, sets fields, or runs a Java class";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("expr", ConfigSchema.Type.EXPRESSION, "the new message, e.g. upper(message)")
        .optional("set", ConfigSchema.Type.EXPRESSIONS, "fields to set: name: expression")
        .optional("class", ConfigSchema.Type.STRING, "a Transform implementation to run")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Map<String, Object> with = node.with();
    if (with.get("class") instanceof String className) {
      return instantiate(node.id(), className);
    }
    if (with.get("set") instanceof Map<?, ?> set) {
      Map<String, Expression> fields = new LinkedHashMap<>();
      set.forEach((k, v) -> fields.put(String.valueOf(k), Expression.parse(String.valueOf(v))));
      return (Transform<Object, Object>)
          (message, out) -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            if (message instanceof Map<?, ?> old) {
              old.forEach((k, v) -> copy.put(String.valueOf(k), v));
            }
            Map<String, Object> vars = Messages.variables(message);
            fields.forEach((k, e) -> copy.put(k, e.evaluate(vars)));
            out.emit(Collections.unmodifiableMap(copy));
          };
    }
    Object text = with.get("expr");
    if (text == null) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": map needs expr, set or class under with:");
    }
    Expression expr = Expression.parse(text.toString());
    return (Transform<Object, Object>) (message, out) -> out.emit(Messages.evaluate(expr, message));
  }

  private static Stage instantiate(String nodeId, String className) {
    try {
      Object instance = Class.forName(className).getConstructor().newInstance();
      if (instance instanceof Transform<?, ?> transform) {
        return transform;
      }
      throw new IllegalArgumentException(
          "node " + nodeId + ": " + className + " is not a dev.weft.stream.Transform");
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "node " + nodeId + ": cannot make a " + className + ": " + e, e);
    }
  }
}
