package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;

/** {@code rate-limit}: passes messages on at most {@code per-second} a second, evenly spaced. */
public final class RateLimitType implements StreamNodeType {

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public String description() {
    return "passes messages on at no more than a rate";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("per-second", ConfigSchema.Type.NUMBER, "messages a second")
        .build();
  }

  @Override
  public Stage create(Node node) {
    long gap = (long) (1e9 / ((Number) node.with().get("per-second")).doubleValue());
    return new Transform<Object, Object>() {
      private long next = System.nanoTime();

      @Override
      public void process(Object message, dev.weft.stream.Emitter<Object> out)
          throws InterruptedException {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        next = Math.max(next, System.nanoTime() - gap) + gap;
        out.emit(message);
      }
    };
  }
}
