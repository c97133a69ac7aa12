package dev.weft.cli;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A long task for checkpoint tests: does {@code steps} steps of {@code pause} each, appending
 * {@code attempt step} to a ledger file after each and then saving the step as its checkpoint; an
 * attempt starts after the last step saved.
 */
public final class StepsType implements TaskNodeType {

  @Override
  public String name() {
    return "steps";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("path", ConfigSchema.Type.STRING, "the ledger file")
        .required("steps", ConfigSchema.Type.INTEGER, "how many steps")
        .required("pause", ConfigSchema.Type.DURATION, "how long a step takes")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    Path ledger = Path.of((String) node.with().get("path"));
    long steps = ((Number) node.with().get("steps")).longValue();
    Duration pause = Durations.parse((String) node.with().get("pause")).orElseThrow();
    return context -> {
      long done = context.lastCheckpoint(Long.class).orElse(0L);
      for (long step = done + 1; step <= steps; step++) {
        Thread.sleep(pause);
        Files.write(
            ledger,
            (context.attempt() + " " + step + "\n").getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        if (!context.checkpoint(step)) {
          return null; // taken over: the new owner goes on from here
        }
      }
      return done;
    };
  }
}
