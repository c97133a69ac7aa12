package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.expr.Expression;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code window}: counts (and sums) messages per window and group. {@code key} gives a message's
 * window, e.g. its minute {@code substr(time, 0, 16)}; messages arrive in window order, so a window
 * is emitted, one message per group, as soon as a message of a later window arrives, and the last
 * at the end of the stream.
 */
public final class WindowType implements StreamNodeType {

  @Override
  public String name() {
    return "window";
  }

  @Override
  public String description() {
    return "counts and sums messages per window (e.g. per minute) and group";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("key", ConfigSchema.Type.EXPRESSION, "the window of a message")
        .optional("group", ConfigSchema.Type.EXPRESSION, "the group within a window")
        .optional("sum", ConfigSchema.Type.EXPRESSION, "a number to sum (and average)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Expression key = Expression.parse(node.with().get("key").toString());
    Expression group =
        node.with().get("group") == null
            ? null
            : Expression.parse(node.with().get("group").toString());
    Expression sum =
        node.with().get("sum") == null ? null : Expression.parse(node.with().get("sum").toString());
    return new Transform<Object, Object>() {
      private Object window;
      private final Map<Object, double[]> groups = new LinkedHashMap<>(); // group -> {count, sum}

      @Override
      public void process(Object message, Emitter<Object> out) {
        Map<String, Object> vars = Messages.variables(message);
        Object w = key.evaluate(vars);
        if (window != null && !window.equals(w)) {
          flush(out);
        }
        window = w;
        double[] totals =
            groups.computeIfAbsent(group == null ? "" : group.evaluate(vars), g -> new double[2]);
        totals[0]++;
        if (sum != null && sum.evaluate(vars) instanceof Number n) {
          totals[1] += n.doubleValue();
        }
      }

      @Override
      public void finish(Emitter<Object> out) {
        if (window != null) {
          flush(out);
        }
      }

      private void flush(Emitter<Object> out) {
        groups.forEach((g, totals) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("window", window);
          if (group != null) {
            row.put("group", g);
          }
          row.put("count", (long) totals[0]);
          if (sum != null) {
            row.put("sum", totals[1]);
            row.put("avg", totals[1] / totals[0]);
          }
          out.emit(Collections.unmodifiableMap(row));
        });
        groups.clear();
      }
    };
  }
}
