package dev.weft.cli;

import picocli.CommandLine.Option;

/** The options of the commands that run tasks ({@code run}, {@code worker}). */
final class WorkOptions {

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "Tasks this process runs at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--allow-shell",
      description = "Lets 'shell' tasks run programs (they are refused otherwise).")
  boolean allowShell;

  /** The number of tasks at once, after applying the process-wide switches. */
  int concurrency() {
    if (allowShell) {
      System.setProperty(dev.weft.tasks.builtin.ShellType.ALLOW_PROPERTY, "true");
    }
    return concurrency;
  }
}
