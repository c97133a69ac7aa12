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
 * A task type for crash tests: works for {@code pause}, then appends {@code node attempt} to an
 * append-only ledger file outside the store, and returns. A line in the ledger means the attempt
 * did its work, whatever the store later says about it.
 */
public final class LedgerType implements TaskNodeType {

  @Override
  public String name() {
    return "ledger";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("path", ConfigSchema.Type.STRING, "the ledger file")
        .required("pause", ConfigSchema.Type.DURATION, "how long the work takes")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    Path ledger = Path.of((String) node.with().get("path"));
    Duration pause = Durations.parse((String) node.with().get("pause")).orElseThrow();
    return context -> {
      Thread.sleep(pause);
      byte[] line = (node.id() + " " + context.attempt() + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (LedgerType.class) {
        Files.write(ledger, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      return null;
    };
  }
}
