package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.expr.Expression;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;

/** {@code filter}: passes on the messages for which {@code expr} is true. */
public final class FilterType implements StreamNodeType {

  @Override
  public String name() {
    return "filter";
  }

  @Override
  public String description() {
    return "passes on the messages for which an expression is true";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("expr", ConfigSchema.Type.EXPRESSION, "e.g. level == 'error' && ms > 100")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Expression expr = Expression.parse(node.with().get("expr").toString());
    return (Transform<Object, Object>)
        (message, out) -> {
          if (expr.test(Messages.variables(message))) {
            out.emit(message);
          }
        };
  }
}
