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
}
