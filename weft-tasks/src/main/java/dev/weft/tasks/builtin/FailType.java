package dev.weft.tasks.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/**
 * {@code fail}: fails with {@code message}; with {@code attempts: N} only its first N attempts fail
 * (to show retries).
 */
public final class FailType implements TaskNodeType {

  @Override
  public String name() {
    return "fail";
  }

  @Override
  public String description() {
    return "fails (the first N attempts, with attempts: N) for demos and tests";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("message", ConfigSchema.Type.STRING, "the error message")
        .optional("attempts", ConfigSchema.Type.INTEGER, "how many attempts fail; all when absent")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    String message = (String) node.with().getOrDefault("message", "failed on purpose");
    Number failing = (Number) node.with().get("attempts");
    return context -> {
      if (failing == null || context.attempt() <= failing.intValue()) {
        throw new IllegalStateException(message + " (attempt " + context.attempt() + ")");
      }
      return "succeeded on attempt " + context.attempt();
    };
  }
}
