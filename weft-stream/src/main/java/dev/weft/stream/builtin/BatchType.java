package dev.weft.stream.builtin;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code batch}: messages gathered into lists of {@code count}, a shorter one when {@code time} has
 * passed since the batch began (checked as messages arrive) and at the end of the stream.
 */
public final class BatchType implements StreamNodeType {

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public String description() {
    return "gathers messages into lists by count (and age)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("count", ConfigSchema.Type.INTEGER, "messages per batch")
        .optional("time", ConfigSchema.Type.DURATION, "emit a batch once it is this old")
        .build();
  }

  @Override
  public Stage create(Node node) {
    int count = ((Number) node.with().get("count")).intValue();
    Duration time =
        node.with().get("time") instanceof String s ? Durations.parse(s).orElseThrow() : null;
    return new Transform<Object, Object>() {
      private List<Object> batch = new ArrayList<>();
      private long began;

      @Override
      public void process(Object message, Emitter<Object> out) {
        if (batch.isEmpty()) {
          began = System.nanoTime();
        }
        batch.add(message);
        if (batch.size() >= count || time != null && System.nanoTime() - began >= time.toNanos()) {
          flush(out);
        }
      }

      @Override
      public void finish(Emitter<Object> out) {
        if (!batch.isEmpty()) {
          flush(out);
        }
      }

      private void flush(Emitter<Object> out) {
        out.emit(List.copyOf(batch));
        batch = new ArrayList<>();
      }
    };
  }
}
