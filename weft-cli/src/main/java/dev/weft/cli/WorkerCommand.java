package dev.weft.cli;

import dev.weft.core.Durations;
import dev.weft.core.spi.NodeTypes;
import dev.weft.server.remote.RemoteWorkQueue;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft worker}: works on the tasks of every run in the store. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    header = "Work on the tasks of every run in the store.",
    usageHelpAutoWidth = true,
    description =
        "Claims and runs ready tasks of any run in the task store until stopped, or with"
            + " --until-idle until no task is ready or running. Several workers can share one"
            + " store (on PostgreSQL, on many machines); a worker that dies has its tasks taken"
            + " over as new attempts. Workers also start the runs of due schedules (see 'weft"
            + " schedules'). SIGTERM, Ctrl-C or 'weft workers drain ID' drains a worker: it claims"
            + " nothing more, lets its running tasks finish within --grace, puts back the rest as"
            + " not started (not counted as attempts), and leaves. With --server it is a remote"
            + " worker: it reaches the store through a 'weft server' (a token with the work"
            + " scope), for machines that cannot reach the database; see docs/distributed.md.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft run examples/report.yaml --detach",
      "  weft worker --until-idle",
      "  WEFT_TOKEN=$$TOKEN weft worker --server http://weft-host:8080 --labels ci"
    })
final class WorkerCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions storeOptions;

  @Mixin WorkOptions work;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Work through this 'weft server' instead of on the database (a remote worker; not"
              + " with --db).")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The server's bearer token, with the work scope (default: $$WEFT_TOKEN). Only with"
              + " --server.")
  String token;

  @Option(names = "--until-idle", description = "Stops when no task is ready or running.")
  boolean untilIdle;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How long a drain lets running tasks finish before putting them back (default: 30s).")
  String grace;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Duration graceperiod =
        Durations.parse(grace)
            .orElseThrow(() ->
                new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--grace: not a duration: '" + grace + "' (" + Durations.HINT + ")"));
    if (server != null) {
      return remote(out, graceperiod);
    }
    if (token != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--token goes with --server: a worker on the database needs none");
    }
    try (TaskStore store = storeOptions.openOrCreate();
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), work.engineOptions())) {
      out.printf("Worker %s on %s%n", engine.workerId(), storeOptions);
      out.flush();
      serve(engine, out, graceperiod);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** A remote worker: the same engine, working through the server's worker methods. */
  private Integer remote(PrintWriter out, Duration graceperiod) throws InterruptedException {
    if (storeOptions.db != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--server and --db exclude each other: a remote worker reaches the store only through"
              + " its server");
    }
    String bearer = token != null ? token : System.getenv("WEFT_TOKEN");
    RemoteWorkQueue queue;
    try {
      queue = RemoteWorkQueue.connect(server, bearer);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
    }
    TaskEngine started;
    try {
      started = TaskEngine.remote(queue, NodeTypes.load(), work.engineOptions());
    } catch (StoreException e) {
      throw new UserError(e.getMessage());
    }
    try (TaskEngine engine = started) {
      out.printf("Remote worker %s on %s%n", engine.workerId(), queue.server());
      out.flush();
      serve(engine, out, graceperiod);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Works until stopped, draining on SIGTERM or Ctrl-C. */
  private void serve(TaskEngine engine, PrintWriter out, Duration graceperiod)
      throws InterruptedException {
    // SIGTERM or Ctrl-C: the JVM exits once its shutdown hooks end, so the hook drains the
    // engine and waits until the loop below has put back what did not finish.
    CountDownLatch stopped = new CountDownLatch(1);
    Thread drainOnSignal =
        new Thread(() -> {
          out.printf(
              "Draining: claiming nothing more, letting running tasks finish within %s%n",
              Durations.format(graceperiod));
          out.flush();
          engine.drain();
          try {
            stopped.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Runtime.getRuntime().addShutdownHook(drainOnSignal);
    try {
      work(engine, out, graceperiod);
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(drainOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is waiting for the drain above
      }
    }
  }

  private void work(TaskEngine engine, PrintWriter out, Duration graceperiod)
      throws InterruptedException {
    engine.work(
        new RunListener() {
          @Override
          public void scheduled(String schedule, long runId) {
            out.printf("Schedule %s started run %d%n", schedule, runId);
            out.flush();
          }

          @Override
          public void changed(StatusChange change) {
            if (change.runEnded()) {
              out.printf(
                  "Run %d of %s %s%s%n",
                  change.rootId(),
                  change.nodeId(),
                  change.status().display(),
                  change.error() == null ? "" : " (" + change.error() + ")");
              out.flush();
            }
          }

          @Override
          public void connectionLost(String why) {
            ConnectionNotice.lost(out, why);
          }

          @Override
          public void reconnected(Duration down) {
            ConnectionNotice.back(out, server == null ? "the database" : "the server", down);
          }

          @Override
          public void drained(int released) {
            out.printf(
                "Drained: %s put back for other workers; worker %s has left%n",
                released == 1 ? "1 unfinished task" : released + " unfinished tasks",
                engine.workerId());
            out.flush();
          }
        },
        untilIdle,
        graceperiod);
  }
}
