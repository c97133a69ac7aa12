package dev.weft.tasks.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/** {@code echo}: returns its {@code message}, or its inputs when it has none. */
public final class EchoType implements TaskNodeType {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String description() {
    return "returns its message (or its inputs) as its result";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("message", ConfigSchema.Type.ANY, "the result; run parameters are substituted")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> context.config("message", context.inputs());
  }
}
