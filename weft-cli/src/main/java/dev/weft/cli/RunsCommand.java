package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.RunSpans;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft runs}: the runs in the task store. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    header = "List, show, cancel or retry runs.",
    usageHelpAutoWidth = true,
    description =
        "The runs in the task store: list them, show one, cancel one, or run again what failed.",
    subcommands = {
      RunsCommand.ListRuns.class,
      RunsCommand.ShowRun.class,
      RunsCommand.CancelRun.class,
      RunsCommand.RetryRun.class
    })
final class RunsCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /** {@code weft runs list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, header = "List runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Mixin PageOptions page;

    @Option(
        names = "--json",
        description = "Prints the runs as JSON: {total, offset, limit, runs: [...]}.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<TaskRecord> runs = store.runs(page.limit(), page.offset);
        int total = store.countRuns();
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  page.json("runs", runs.stream().map(RunsCommand::runJson).toList(), total)));
        } else if (runs.isEmpty()) {
          out.println("No runs in " + storeOptions + " yet: start one with 'weft run FILE'.");
        } else {
          out.printf(
              "%6s  %-24s %-16s %-19s %10s  %s%n",
              "RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "WHY IT ENDED");
          for (TaskRecord run : runs) {
            out.println(
                String.format(
                        "%6d  %-24s %-16s %-19s %8d ms  %s",
                        run.id(),
                        run.nodeId(),
                        run.status().display(),
                        time(run.startedAt()),
                        run.duration(Instant.now()).toMillis(),
                        run.error() == null ? "" : run.error())
                    .stripTrailing());
          }
          out.flush();
          page.noteCut(spec.commandLine().getErr(), runs.size(), total);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> runJson(TaskRecord run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run", run.id());
    json.put("pipeline", run.nodeId());
    json.put("status", run.status().display());
    json.put("error", run.error());
    json.put("started", run.startedAt() == null ? null : run.startedAt().toString());
    json.put("finished", run.finishedAt() == null ? null : run.finishedAt().toString());
    json.put("millis", run.duration(Instant.now()).toMillis());
    return json;
  }

  /** The run, or {@code null} after telling the user there is none (as JSON with {@code json}). */
  static TaskRecord findRun(
      TaskStore store,
      long runId,
      StoreOptions storeOptions,
      picocli.CommandLine.Model.CommandSpec spec,
      boolean json) {
    TaskRecord run = store.task(runId).filter(t -> t.parentId() == 0).orElse(null);
    if (run == null) {
      ProblemReport.refuse(spec, json, "there is no run " + runId + " in " + storeOptions);
    }
    return run;
  }

  /** {@code weft runs retry RUN --failed}: reopen the part that did not succeed, then resume. */
  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      header = "Run again the failed part of a run, reusing what succeeded.",
      description =
          "Puts the failed, upstream-failed and cancelled tasks of an ended run back in the queue,"
              + " keeping the results of the tasks that succeeded as their inputs, and runs the"
              + " run to the end (as 'weft run --resume RUN' does; with --detach, leaves it to"
              + " 'weft worker').")
  static final class RetryRun implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Mixin WorkOptions work;

    @Parameters(paramLabel = "RUN", description = "The run id (see 'weft runs list').")
    long runId;

    @Option(
        names = "--failed",
        required = true,
        description =
            "Re-runs only what failed, was upstream-failed or cancelled (the one mode so far).")
    boolean failed;

    @Option(names = "--detach", description = "Reopens the run and returns without running it.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException, JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord run = findRun(store, runId, storeOptions, spec, false);
        if (run == null) {
          return ExitCodes.FAILED;
        }
        int again = store.retryFailed(runId, java.time.Instant.now());
        if (again == 0) {
          out.printf(
              "Run %d of %s is %s: nothing to retry%n",
              run.id(), run.nodeId(), RunReport.runStatus(run));
          return run.status() == dev.weft.tasks.TaskStatus.SUCCEEDED
              ? ExitCodes.OK
              : ExitCodes.FAILED;
        }
        out.printf("Run %d of %s: %d tasks will run again%n", run.id(), run.nodeId(), again);
        out.flush();
        if (detach) {
          return ExitCodes.OK;
        }
        try (TaskEngine engine = new TaskEngine(store, NodeTypes.load(), work.engineOptions())) {
          return RunCommand.follow(out, store, engine, run, "Resuming", storeOptions, false);
        }
      }
    }
  }

  /** {@code weft runs cancel RUN}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      header = "Cancel a run: waiting tasks at once, running ones are interrupted.")
  static final class CancelRun implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "The run id (see 'weft runs list').")
    long runId;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord run = findRun(store, runId, storeOptions, spec, false);
        if (run == null) {
          return ExitCodes.FAILED;
        }
        if (run.status().ended()) {
          out.printf(
              "Run %d of %s has already ended: %s%n",
              run.id(), run.nodeId(), RunReport.runStatus(run));
          return ExitCodes.OK;
        }
        List<StatusChange> changes = store.cancelRun(runId, java.time.Instant.now());
        // a run with nothing running ends here: its span is recorded here too
        new RunSpans(store, WorkOptions.tracing(ConfigFile.locate(null))).changed(changes);
        long cancelled = changes.stream().filter(c -> !c.runEnded()).count();
        long stopping =
            store.tasks(runId).stream()
                .filter(t -> t.status() == dev.weft.tasks.TaskStatus.RUNNING)
                .count();
        out.printf(
            "Cancelled run %d of %s: %d waiting tasks cancelled, %d running tasks asked to stop%n",
            run.id(), run.nodeId(), cancelled, stopping);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code weft runs show RUN}. */
  @Command(name = "show", mixinStandardHelpOptions = true, header = "Show a run and its tasks.")
  static final class ShowRun implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "The run id (see 'weft runs list').")
    long runId;

    @Option(names = "--json", description = "Prints the run as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord run = findRun(store, runId, storeOptions, spec, json);
        if (run == null) {
          return ExitCodes.FAILED;
        }
        List<TaskRecord> tasks = store.tasks(runId);
        if (json) {
          out.println(ProblemReport.JSON.writeValueAsString(RunReport.json(run, tasks)));
        } else {
          out.printf(
              "Run %d of %s: %s, started %s, %d ms%n",
              run.id(),
              run.nodeId(),
              RunReport.runStatus(run),
              time(run.startedAt()),
              run.duration(Instant.now()).toMillis());
          tasks.forEach(t -> out.println("  " + RunReport.line(t)));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
