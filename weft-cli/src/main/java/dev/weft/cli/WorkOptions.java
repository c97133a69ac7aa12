package dev.weft.cli;

import dev.weft.core.Durations;
import dev.weft.tasks.EngineOptions;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that run tasks ({@code run}, {@code worker}). */
final class WorkOptions {

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

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

  @Option(
      names = "--breaker",
      paramLabel = "N/DURATION",
      description =
          "A circuit breaker per task type: after N consecutive failures of a type, refuse its attempts for DURATION (e.g. 5/30s).")
  String breaker;

  /** The engine options these switches give; {@code --allow-shell} applies to the whole process. */
  EngineOptions engineOptions() {
    if (allowShell) {
      System.setProperty(dev.weft.tasks.builtin.ShellType.ALLOW_PROPERTY, "true");
    }
    EngineOptions options = EngineOptions.defaults().withConcurrency(concurrency);
    if (breaker == null) {
      return options;
    }
    String[] parts = breaker.split("/", 2);
    try {
      int failures = Integer.parseInt(parts[0]);
      Duration open =
          Durations.parse(parts.length > 1 ? parts[1] : "")
              .orElseThrow(IllegalArgumentException::new);
      return options.withBreaker(new EngineOptions.Breaker(failures, open));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--breaker " + breaker + ": write failures/duration, e.g. 5/30s");
    }
  }
}
