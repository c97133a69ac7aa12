package dev.weft.tasks.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code shell}: runs a program with arguments, no shell in between (so nothing is interpolated).
 * Disabled unless allowed: {@code --allow-shell} on {@code weft run} or {@code weft worker}, or
 * {@code WEFT_ALLOW_SHELL=1}. A non-zero exit fails the attempt; an interrupted attempt (timeout,
 * cancellation) kills the process.
 */
public final class ShellType implements TaskNodeType {

  /** The system property that allows shell tasks in this process. */
  public static final String ALLOW_PROPERTY = "weft.allowShell";

  private static final int KEEP = 64 * 1024; // characters of output kept in the result

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public String description() {
    return "runs a program with arguments (needs --allow-shell)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required(
            "command", ConfigSchema.Type.LIST, "the program and its arguments, e.g. [git, status]")
        .optional("dir", ConfigSchema.Type.STRING, "the working directory")
        .optional("env", ConfigSchema.Type.MAP, "extra environment variables")
        .build();
  }

  /** Whether shell tasks may run in this process. */
  public static boolean allowed() {
    return Boolean.getBoolean(ALLOW_PROPERTY) || "1".equals(System.getenv("WEFT_ALLOW_SHELL"));
  }

  @Override
  public TaskExecutor create(Node node) {
    List<String> command =
        ((List<?>) node.with().get("command")).stream().map(String::valueOf).toList();
    String dir = (String) node.with().get("dir");
    Map<?, ?> env = (Map<?, ?>) node.with().getOrDefault("env", Map.of());
    return context -> {
      if (!allowed()) {
        throw new IllegalStateException(
            "shell tasks are disabled: pass --allow-shell to 'weft run' or 'weft worker', or set WEFT_ALLOW_SHELL=1");
      }
      if (command.isEmpty()) {
        throw new IllegalArgumentException("command is empty");
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      if (dir != null) {
        builder.directory(Path.of(dir).toFile());
      }
      env.forEach((k, v) -> builder.environment().put(String.valueOf(k), String.valueOf(v)));
      Process process = builder.start();
      try {
        process.getOutputStream().close();
        CompletableFuture<String> stdout = read(process.getInputStream(), context::log);
        CompletableFuture<String> stderr = read(process.getErrorStream(), context::warn);
        int exit = process.waitFor();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("exit", exit);
        result.put("stdout", stdout.join());
        result.put("stderr", stderr.join());
        if (exit != 0) {
          String tail = stderr.join().strip();
          throw new IOException(
              command.getFirst()
                  + " exited with "
                  + exit
                  + (tail.isEmpty() ? "" : ": " + tail.lines().reduce((a, b) -> b).orElse("")));
        }
        return result;
      } finally {
        process.destroyForcibly(); // no-op when it has exited; kills it when interrupted
      }
    };
  }

  /**
   * Reads a stream: each line goes to the task's log as it comes, and the output's last {@code
   * KEEP} characters, exactly as written, are the value.
   */
  private static CompletableFuture<String> read(
      InputStream stream, java.util.function.Consumer<String> log) {
    return CompletableFuture.supplyAsync(
        () -> {
          StringBuilder tail = new StringBuilder();
          StringBuilder line = new StringBuilder();
          char[] buffer = new char[8192];
          try (java.io.Reader reader =
              new java.io.InputStreamReader(stream, StandardCharsets.UTF_8)) {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
              tail.append(buffer, 0, n);
              if (tail.length() > 2 * KEEP) {
                tail.delete(0, tail.length() - KEEP);
              }
              for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                  log.accept(line.toString());
                  line.setLength(0);
                } else if (line.length() < KEEP) {
                  line.append(buffer[i]);
                }
              }
            }
          } catch (IOException e) {
            // the process was killed: keep what was read
          }
          if (!line.isEmpty()) {
            log.accept(line.toString());
          }
          return tail.length() > KEEP ? tail.substring(tail.length() - KEEP) : tail.toString();
        },
        runnable -> Thread.ofVirtual().start(runnable));
  }
}
