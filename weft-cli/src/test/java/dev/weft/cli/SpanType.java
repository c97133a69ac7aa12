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
 * A task type for tests of many workers: works for {@code pause}, then appends {@code node pid
 * start end} to a ledger file (times from {@link System#nanoTime}, the machine's monotonic clock,
 * which every process on it shares), so a test can tell which tasks ran at the same time, where.
 */
public final class SpanType implements TaskNodeType {

  @Override
  public String name() {
    return "span";
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
      long start = System.nanoTime();
      Thread.sleep(pause);
      long end = System.nanoTime();
      String line =
          node.id() + " " + ProcessHandle.current().pid() + " " + start + " " + end + "\n";
      // One write of a short line to a file opened for appending: lines of processes never mix.
      Files.write(
          ledger,
          line.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return null;
    };
  }
}
