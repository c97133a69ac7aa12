package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;

/** {@code log}: prints every {@code every}-th message to standard error and passes all on. */
public final class LogType implements StreamNodeType {

  @Override
  public String name() {
    return "log";
  }

  @Override
  public String description() {
    return "prints messages (every n-th) to standard error and passes them on";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("every", ConfigSchema.Type.INTEGER, "print one message in this many (default 1)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    long every = node.with().get("every") instanceof Number n ? Math.max(1, n.longValue()) : 1;
    String prefix = "[" + node.id() + "] ";
    return new Transform<Object, Object>() {
      private long seen;

      @Override
      public void process(Object message, dev.weft.stream.Emitter<Object> out) {
        if (seen++ % every == 0) {
          System.err.println(prefix + message);
        }
        out.emit(message);
      }
    };
  }
}
