package dev.weft.stream.builtin;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import java.time.Duration;
import java.util.Map;

/** {@code generate}: {@code count} messages, each {@code {n: i}}, optionally spaced in time. */
public final class GenerateType implements StreamNodeType {

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String description() {
    return "emits count numbered messages {n: 0}, {n: 1}, ... (for trying things out)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("count", ConfigSchema.Type.INTEGER, "how many messages")
        .optional("every", ConfigSchema.Type.DURATION, "the pause between two messages")
        .build();
  }

  @Override
  public Stage create(Node node) {
    long count = ((Number) node.with().get("count")).longValue();
    Duration every =
        node.with().get("every") instanceof String s ? Durations.parse(s).orElseThrow() : null;
    return (Source<Object>)
        out -> {
          for (long i = 0; i < count && !out.cancelled(); i++) {
            out.emit(Map.of("n", i));
            if (every != null) {
              Thread.sleep(every);
            }
          }
        };
  }
}
