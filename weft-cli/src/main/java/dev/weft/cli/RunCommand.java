package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.server.client.WeftClient;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft run}: validates a manifest, stores a run of it, and works on it until it ends. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Run a pipeline: a tasks run to its end, or a stream until its sources end.",
    usageHelpAutoWidth = true,
    description = {
      "Validates a manifest and runs it. A tasks pipeline is stored in the task",
      "store and run to the end, showing its tasks as they go and a summary;",
      "every state change is stored, so after a crash 'weft run --resume RUN'",
      "carries on. With --server, a tasks pipeline is sent to a running 'weft",
      "server', whose workers run it, and followed there. A stream pipeline",
      "runs until its sources end (or Ctrl-C), showing each node's counters.",
      "Exits 0 when the run succeeded, 1 when the manifest is invalid or the",
      "run failed, 130 when a stream was stopped."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft run examples/hello.yaml",
      "  weft run examples/hello.yaml --set name=Ada --json",
      "  weft run --resume 12",
      "  weft run examples/log-errors.yaml --metrics metrics.json",
      "  weft run examples/hello.yaml --server http://127.0.0.1:8080 --detach"
    })
final class RunCommand implements Callable<Integer> {

  /** Above this many tasks, progress is a line a second instead of a line per task. */
  private static final int LINE_PER_TASK_LIMIT = 200;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ManifestOptions manifest;

  @Mixin StoreOptions storeOptions;

  @Mixin WorkOptions work;

  @Mixin ServerOptions server;

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The manifest to run.")
  Path file;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description = "Carries on with a stored run instead of starting one.")
  Long resume;

  @Option(
      names = "--json",
      description = "Prints the outcome (every task, or every stream node) as JSON instead.")
  boolean json;

  @Option(
      names = "--dry-run",
      description =
          "Prints what the run would do (levels, conditions decided by the parameters, exclusive keys, limiters, the critical path) and stores nothing.")
  boolean dryRun;

  @Option(
      names = "--no-cache",
      description =
          "Runs every task, reusing and keeping no cached result (cache: in the manifest).")
  boolean noCache;

  @Option(
      names = "--only",
      paramLabel = "TAG|ID",
      split = ",",
      description =
          "Runs only these nodes (by id or tag) and what they require. Repeatable, or comma-separated.")
  java.util.List<String> only = new java.util.ArrayList<>();

  @Option(
      names = "--skip",
      paramLabel = "TAG|ID",
      split = ",",
      description =
          "Leaves out these nodes (by id or tag) and what requires them. Repeatable, or comma-separated.")
  java.util.List<String> skip = new java.util.ArrayList<>();

  @Option(
      names = "--metrics",
      paramLabel = "FILE",
      description = "Stream pipelines: writes every node's counters as JSON to FILE at the end.")
  Path metrics;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Starts the run's first tasks no earlier than TIME: an instant (2026-12-01T09:00:00Z) or a delay from now (10m).")
  String at;

  @Option(
      names = "--detach",
      description = "Stores the run and returns: 'weft worker' or 'weft run --resume RUN' runs it.")
  boolean detach;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((file == null) == (resume == null)) {
      err.println("weft run: give a manifest FILE, or --resume RUN");
      return ExitCodes.USAGE;
    }
    WeftClient remote = server.client(storeOptions);
    if (remote != null && (resume != null || !only.isEmpty() || !skip.isEmpty() || noCache)) {
      err.println(
          "weft run: --resume, --only, --skip and --no-cache work on a store, not through"
              + " --server ('weft runs retry RUN --failed --server ...' reopens a run there)");
      return ExitCodes.USAGE;
    }
    Pipeline pipeline = null;
    if (file != null) {
      if (json) {
        // The problems as validate --json gives them: --json output is always one JSON document.
        dev.weft.core.validate.Checked checked = manifest.load(file);
        if (!checked.valid()) {
          out.println(
              ProblemReport.JSON.writeValueAsString(ProblemReport.json(file.toString(), checked)));
          out.flush();
          return ExitCodes.FAILED;
        }
        pipeline = checked.pipeline();
      } else {
        pipeline = manifest.loadValid(file, err, "nothing was run");
        if (pipeline == null) {
          return ExitCodes.FAILED;
        }
      }
      if (!only.isEmpty() || !skip.isEmpty()) {
        try {
          dev.weft.core.select.Selection selection =
              dev.weft.core.select.Selection.of(pipeline, only, skip);
          pipeline = selection.pipeline();
          selection.notes().forEach(note -> err.println("Selection: " + note));
        } catch (IllegalArgumentException e) {
          err.println("weft run: " + e.getMessage());
          return ExitCodes.USAGE;
        }
      }
      if (noCache) {
        pipeline = withoutCache(pipeline);
      }
      if (dryRun) {
        if (pipeline.kind() != Kind.TASKS) {
          err.printf("%s: --dry-run is for tasks pipelines%n", file);
          return ExitCodes.USAGE;
        }
        // Kept results are looked up when there is a store; a dry run never creates one.
        try (TaskStore store = storeOptions.exists() ? storeOptions.open() : null) {
          java.time.Instant now = java.time.Instant.now();
          DryRun plan =
              new DryRun(
                  pipeline,
                  fingerprint ->
                      store == null ? java.util.Optional.empty() : store.cached(fingerprint, now));
          if (json) {
            out.println(ProblemReport.JSON.writeValueAsString(plan.plan()));
          } else {
            plan.lines().forEach(out::println);
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
      if (pipeline.kind() == Kind.STREAM) {
        if (remote != null) {
          err.printf("%s: a stream pipeline runs in this process, not through --server%n", file);
          return ExitCodes.USAGE;
        }
        if (detach || at != null) {
          err.printf("%s: --detach and --at are for tasks pipelines%n", file);
          return ExitCodes.USAGE;
        }
        return StreamFollower.run(
            pipeline, manifest.types(), out, err, onTerminal(out), metrics, json);
      }
    }
    if (remote != null) {
      ServerRun through = new ServerRun(remote, out, json);
      long runId = through.submit(file, manifest.params, at);
      return detach ? through.detached(runId) : through.follow(runId);
    }
    EngineOptions options = work.engineOptions();
    try (TaskStore store = pipeline != null ? storeOptions.openOrCreate() : storeOptions.open();
        TaskEngine engine = new TaskEngine(store, manifest.types(), options)) {
      long runId = pipeline != null ? engine.submit(pipeline, startTime()) : resume;
      TaskRecord run = store.task(runId).filter(t -> t.parentId() == 0).orElse(null);
      if (run == null) {
        err.printf("weft run: there is no run %d in %s%n", runId, storeOptions);
        return ExitCodes.FAILED;
      }
      if (detach) {
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(RunReport.json(run, store.tasks(runId))));
        } else {
          out.printf(
              "Stored run %d of %s in %s; 'weft worker' or 'weft run --resume %d' runs it%n",
              runId, run.nodeId(), storeOptions, runId);
        }
        out.flush();
        return ExitCodes.OK;
      }
      if (pipeline != null) {
        warnOfRequiredLabels(pipeline, options.labels(), err);
      }
      return follow(
          out, store, engine, run, pipeline != null ? "Started" : "Resuming", storeOptions, json);
    }
  }

  /**
   * Says which nodes require labels this process does not serve: they wait for a worker that has
   * them ({@code weft worker --labels}), so a run followed here without one would not end.
   */
  private static void warnOfRequiredLabels(
      Pipeline pipeline, List<String> served, PrintWriter err) {
    for (Node node : pipeline.nodes()) {
      if (node.tasks().routing() != null && !served.containsAll(node.tasks().routing().require())) {
        err.printf(
            "note: node '%s' requires labels %s, which this process does not serve (--labels):"
                + " it waits for a worker that has them%n",
            node.id(), String.join(",", node.tasks().routing().require()));
      }
    }
    err.flush();
  }

  /**
   * Works on {@code run} until it ends, showing progress (or, with {@code json}, only the outcome),
   * and returns the exit code. Shared by {@code weft run} and {@code weft runs retry}.
   */
  static int follow(
      PrintWriter out,
      TaskStore store,
      TaskEngine engine,
      TaskRecord run,
      String verb,
      StoreOptions storeOptions,
      boolean json)
      throws InterruptedException, JsonProcessingException {
    List<TaskRecord> before = store.tasks(run.id());
    int total = before.size();
    if (!json) {
      out.printf(
          "%s run %d of %s (%d tasks) in %s%n", verb, run.id(), run.nodeId(), total, storeOptions);
      out.flush();
    }
    int endedBefore = (int) before.stream().filter(t -> t.status().ended()).count();
    LiveView live =
        !json && onTerminal(out)
            ? new LiveView(out, store, run, total, endedBefore, terminalHeight())
            : null;
    RunListener view =
        json
            ? RunListener.NONE
            : live != null ? live : new Progress(out, store, endedBefore, total);
    TaskRecord ended;
    try {
      ended = engine.run(run.id(), view);
    } finally {
      if (live != null) {
        live.close();
      }
    }
    List<TaskRecord> tasks = store.tasks(run.id());
    if (json) {
      out.println(ProblemReport.JSON.writeValueAsString(RunReport.json(ended, tasks)));
    } else {
      // On a terminal the final tree is the table already.
      RunReport.printSummary(out, ended, tasks, live == null || !live.drawsTree());
    }
    out.flush();
    return ended.status() == TaskStatus.SUCCEEDED
            || ended.status() == TaskStatus.SUCCEEDED_WITH_FAILURES
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }

  /**
   * Whether {@code out} is this process's standard output on a terminal, where progress can be
   * redrawn in place. {@code WEFT_PLAIN=1} asks for plain lines anyway.
   */
  private static boolean onTerminal(PrintWriter out) {
    java.io.Console console = System.console();
    return console != null
        && console.isTerminal()
        && System.getenv("WEFT_PLAIN") == null
        && out == Weft.STDOUT;
  }

  /** The terminal's height as the shell exports it ({@code LINES}), else a safe guess. */
  private static int terminalHeight() {
    try {
      return Math.max(5, Integer.parseInt(System.getenv().getOrDefault("LINES", "40")) - 2);
    } catch (NumberFormatException e) {
      return 38;
    }
  }

  /** The pipeline with no node's {@code cache:}, so the run neither reuses nor keeps results. */
  private static Pipeline withoutCache(Pipeline pipeline) {
    return pipeline.withNodes(
        pipeline.nodes().stream()
            .map(n ->
                n.tasks().cache() == null
                    ? n
                    : n.withTasks(n.tasks().toBuilder().cache(null).build()))
            .toList());
  }

  /** When the run may start: {@code --at} as an instant or a delay from now. */
  private java.time.Instant startTime() {
    return dev.weft.tasks.Schedules.startTime(at, java.time.Instant.now())
        .orElseThrow(() ->
            new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "--at "
                    + at
                    + ": give an instant such as 2026-12-01T09:00:00Z, or a delay such as 10m"));
  }

  /** One line per task as it ends, or for large runs one line a second. */
  private static final class Progress implements RunListener {
    private final PrintWriter out;
    private final TaskStore store;
    private final int total;
    private final boolean linePerTask;
    private int ended;
    private long lastLine = System.nanoTime();

    Progress(PrintWriter out, TaskStore store, int endedBefore, int total) {
      this.out = out;
      this.store = store;
      this.total = total;
      this.linePerTask = total <= LINE_PER_TASK_LIMIT;
      this.ended = endedBefore;
    }

    @Override
    public void connectionLost(String why) {
      ConnectionNotice.lost(out, why);
    }

    @Override
    public void reconnected(java.time.Duration down) {
      ConnectionNotice.back(out, "the database", down);
    }

    @Override
    public void changed(StatusChange change) {
      if (change.runEnded() || !change.status().ended()) {
        return;
      }
      ended++;
      if (linePerTask) {
        TaskRecord task = store.task(change.taskId()).orElseThrow();
        out.printf("[%d/%d] %s%n", ended, total, RunReport.line(task));
        out.flush();
      } else if (System.nanoTime() - lastLine > 1_000_000_000L) {
        out.printf("%,d/%,d tasks ended%n", ended, total);
        out.flush();
        lastLine = System.nanoTime();
      }
    }
  }
}
