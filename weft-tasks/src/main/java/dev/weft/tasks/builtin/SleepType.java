package dev.weft.tasks.builtin;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.time.Duration;

/** {@code sleep}: waits for {@code duration}, then succeeds; stops early when cancelled. */
public final class SleepType implements TaskNodeType {

  @Override
  public String name() {
    return "sleep";
  }

  @Override
  public String description() {
    return "waits, then succeeds (for demos and tests)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("duration", ConfigSchema.Type.DURATION, "how long to wait")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    Duration duration = Durations.parse((String) node.with().get("duration")).orElseThrow();
    return context -> {
      Thread.sleep(duration);
      return null;
    };
  }
}
