package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.Pipeline;
import dev.weft.tasks.Schedules;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft schedules}: pipelines that run by themselves on a cron schedule. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    header = "Add, list or remove cron schedules.",
    usageHelpAutoWidth = true,
    description =
        "Pipelines that run by themselves: 'weft worker' starts a run of a schedule each time its"
            + " cron expression falls due. Each due time fires once, however many workers share"
            + " the store and however often they restart; times missed while no worker ran fire"
            + " once when one starts.",
    subcommands = {
      SchedulesCommand.AddSchedule.class,
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.RemoveSchedule.class
    })
final class SchedulesCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft schedules add FILE}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      header = "Register a pipeline to run on its schedule.",
      description =
          "Validates the manifest and registers it under its name (or --name), to run at the"
              + " times of its 'schedule:' field (or --cron). Adding a name again replaces that"
              + " schedule.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  weft schedules add examples/nightly.yaml",
        "  weft schedules add examples/hello.yaml --cron '*/15 * * * *' --name greet"
      })
  static final class AddSchedule implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ManifestOptions manifest;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "FILE", description = "The manifest to run on a schedule.")
    Path file;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The schedule's name (default: the pipeline's name).")
    String name;

    @Option(
        names = "--cron",
        paramLabel = "EXPR",
        description = "The cron expression, instead of the manifest's.%nExample: '0 3 * * *'")
    String cron;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "The time zone of --cron (default: UTC).")
    String zone;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Pipeline loaded = manifest.loadValid(file, err, "no schedule was added");
      if (loaded == null) {
        return ExitCodes.FAILED;
      }
      Pipeline pipeline = withSchedule(loaded);
      if (pipeline.schedule() == null) {
        err.printf(
            "%s: the pipeline has no schedule: add 'schedule: \"0 3 * * *\"' to it, or give --cron%n",
            file);
        return ExitCodes.FAILED;
      }
      String scheduleName = name != null ? name : pipeline.name();
      try (TaskStore store = storeOptions.openOrCreate()) {
        Optional<Instant> first = Schedules.register(store, scheduleName, pipeline, Instant.now());
        out.printf(
            "Schedule %s runs %s %s; %s%n",
            scheduleName,
            pipeline.name(),
            pipeline.schedule().describe(),
            first
                .map(t -> "next at " + RunsCommand.time(t) + "; 'weft worker' fires it")
                .orElse("it never fires again"));
      }
      out.flush();
      return ExitCodes.OK;
    }

    private Pipeline withSchedule(Pipeline pipeline) {
      try {
        return Schedules.withSchedule(pipeline, cron, zone);
      } catch (Schedules.ScheduleException e) {
        if (cron == null) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--zone needs --cron: the pipeline has no schedule of its own");
        }
        throw e.hint() == null
            ? new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage())
            : usage(e.getMessage(), e.hint());
      }
    }

    private picocli.CommandLine.ParameterException usage(String message, String hint) {
      return new picocli.CommandLine.ParameterException(
          spec.commandLine(), message + System.lineSeparator() + "  hint: " + hint);
    }
  }

  /** {@code weft schedules list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, header = "List the schedules.")
  static final class ListSchedules implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--json", description = "Prints the schedules as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<ScheduleRecord> schedules = store.schedules();
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  schedules.stream().map(SchedulesCommand::json).toList()));
        } else if (schedules.isEmpty()) {
          out.println(
              "No schedules in " + storeOptions + ": add one with 'weft schedules add FILE'.");
        } else {
          out.printf("%-20s %-16s %-14s %-19s %8s%n", "NAME", "CRON", "ZONE", "NEXT", "LAST RUN");
          for (ScheduleRecord s : schedules) {
            out.printf(
                "%-20s %-16s %-14s %-19s %8s%n",
                s.name(),
                s.schedule().cron(),
                s.schedule().zone(),
                RunsCommand.time(s.nextFireAt()),
                s.lastRunId() == null ? "-" : s.lastRunId());
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> json(ScheduleRecord s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", s.name());
    json.put("cron", s.schedule().cron());
    json.put("zone", s.schedule().zone());
    json.put("next", s.nextFireAt() == null ? null : s.nextFireAt().toString());
    json.put("lastFired", s.lastFireAt() == null ? null : s.lastFireAt().toString());
    json.put("lastRun", s.lastRunId());
    return json;
  }

  /** {@code weft schedules remove NAME}. */
  @Command(name = "remove", mixinStandardHelpOptions = true, header = "Remove a schedule.")
  static final class RemoveSchedule implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "NAME", description = "The schedule (see 'weft schedules list').")
    String name;

    @Override
    public Integer call() {
      try (TaskStore store = storeOptions.open()) {
        if (!store.removeSchedule(name)) {
          spec.commandLine()
              .getErr()
              .printf("weft schedules remove: no schedule '%s' in %s%n", name, storeOptions);
          return ExitCodes.FAILED;
        }
        spec.commandLine().getOut().printf("Removed schedule %s; runs it started are kept%n", name);
      }
      return ExitCodes.OK;
    }
  }
}
