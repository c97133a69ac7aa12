package dev.weft.cli;

import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
        "Claims and runs ready tasks of any run in the task store until stopped (Ctrl-C), or with"
            + " --until-idle until no task is ready or running. Several workers can share one"
            + " store; a worker that dies has its tasks taken over as new attempts. Workers also"
            + " start the runs of due schedules (see 'weft schedules').",
    footerHeading = "%nExamples:%n",
    footer = {"  weft run examples/report.yaml --detach", "  weft worker --until-idle"})
final class WorkerCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions storeOptions;

  @Mixin WorkOptions work;

  @Option(names = "--until-idle", description = "Stops when no task is ready or running.")
  boolean untilIdle;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (TaskStore store = storeOptions.openOrCreate();
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), work.engineOptions())) {
      out.printf("Worker %s on %s%n", engine.workerId(), storeOptions);
      out.flush();
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
          },
          untilIdle);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
