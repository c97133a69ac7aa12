package dev.weft.cli;

import dev.weft.core.Durations;
import dev.weft.core.RoutingSpec;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.tracing.OtelTracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of the commands that run tasks ({@code run}, {@code worker}, {@code runs retry}),
 * over the settings of the config file.
 */
final class WorkOptions {

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings for running tasks (db, concurrency, limits, breaker, allow-shell, server, tracing) as YAML (default: $$WEFT_CONFIG, else .weft/config.yaml when it exists). Options given here win.")
  Path config;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Tasks this process runs at once (default: 8).")
  Integer concurrency;

  @Option(
      names = "--lease",
      paramLabel = "DURATION",
      description =
          "How long a task this process claimed stays its own without a heartbeat (default: 30s);"
              + " then another worker takes it over as a new attempt.")
  String lease;

  @Option(
      names = "--labels",
      paramLabel = "A,B",
      split = ",",
      description =
          "Labels this process serves (at most 8): tasks that 'require' labels run only on workers"
              + " having all of them; tasks that 'prefer' labels go to such workers first.")
  List<String> labels = new ArrayList<>();

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

  @Option(
      names = "--max-running",
      paramLabel = "N",
      description = "At most N tasks running in the whole store, across every worker.")
  Integer maxRunning;

  @Option(
      names = "--max-per-user",
      paramLabel = "N",
      description = "At most N running tasks per user.")
  Integer maxPerUser;

  @Option(
      names = "--max-per-run",
      paramLabel = "N",
      description = "At most N running tasks per run.")
  Integer maxPerRun;

  @Option(
      names = "--max-per-type",
      paramLabel = "TYPE=N",
      description = "At most N running tasks of a node type. Repeatable.")
  Map<String, Integer> maxPerType = new LinkedHashMap<>();

  /**
   * The engine options of the config file and these switches; {@code --allow-shell} applies to the
   * whole process.
   */
  EngineOptions engineOptions() {
    ConfigFile file = configFile();
    if (allowShell || file.allowShell()) {
      System.setProperty(dev.weft.tasks.builtin.ShellType.ALLOW_PROPERTY, "true");
    }
    Limits fromFile = file.limits();
    Map<String, Integer> perType = new LinkedHashMap<>(fromFile.perType());
    perType.putAll(maxPerType);
    EngineOptions options =
        EngineOptions.defaults()
            .withLimits(
                new Limits(
                    first(maxRunning, fromFile.global()),
                    first(maxPerUser, fromFile.perUser()),
                    first(maxPerRun, fromFile.perRun()),
                    perType,
                    fromFile.limiters()));
    options = options.withDefaults(file.defaults());
    Integer tasks = first(concurrency, file.concurrency());
    if (tasks != null) {
      options = options.withConcurrency(tasks);
    }
    if (file.eventRetention() != null) {
      options = options.withEventRetention(file.eventRetention());
    }
    if (lease != null) {
      options = options.withLease(parseLease());
    }
    if (!labels.isEmpty()) {
      options = options.withLabels(parseLabels());
    }
    options = options.withTracing(tracing(file));
    EngineOptions.Breaker breakerSettings = breaker == null ? file.breaker() : parseBreaker();
    return breakerSettings == null ? options : options.withBreaker(breakerSettings);
  }

  /** Where this process records runs and attempts as spans, as configured. */
  Tracing tracing() {
    return tracing(configFile());
  }

  /**
   * One tracing per set of settings in this process (the SDK is made once; what it has not sent
   * when the process exits is sent then): the config file's {@code tracing:} section under the
   * {@code OTEL_*} environment variables; {@link Tracing#NONE} when neither asks for it.
   */
  static Tracing tracing(ConfigFile file) {
    return TRACINGS.computeIfAbsent(file.tracing(), OtelTracing::fromEnvironment);
  }

  private static final Map<Map<String, String>, Tracing> TRACINGS =
      new java.util.concurrent.ConcurrentHashMap<>();

  ConfigFile configFile() {
    return ConfigFile.locate(config);
  }

  private static <T> T first(T given, T fallback) {
    return given != null ? given : fallback;
  }

  private Duration parseLease() {
    return Durations.parse(lease)
        .filter(d -> !d.isZero())
        .orElseThrow(() ->
            new CommandLine.ParameterException(
                spec.commandLine(),
                "--lease: not a duration: '" + lease + "' (" + Durations.HINT + ")"));
  }

  private List<String> parseLabels() {
    List<String> served = labels.stream().map(String::strip).distinct().toList();
    for (String label : served) {
      if (!RoutingSpec.isLabel(label)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--labels: bad label '"
                + label
                + "' (letters, digits and - _ . :, e.g. gpu,region:eu)");
      }
    }
    if (served.size() > RoutingSpec.MAX_WORKER_LABELS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--labels: at most " + RoutingSpec.MAX_WORKER_LABELS + " labels, got " + served.size());
    }
    return served;
  }

  private EngineOptions.Breaker parseBreaker() {
    String[] parts = breaker.split("/", 2);
    try {
      int failures = Integer.parseInt(parts[0]);
      Duration open =
          Durations.parse(parts.length > 1 ? parts[1] : "")
              .orElseThrow(IllegalArgumentException::new);
      return new EngineOptions.Breaker(failures, open);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--breaker " + breaker + ": write failures/duration, e.g. 5/30s");
    }
  }
}
