package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.Durations;
import dev.weft.tasks.store.RunningTask;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkerRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft workers}: the worker processes of the task store. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    header = "List the workers of the store, or drain one.",
    usageHelpAutoWidth = true,
    description =
        "The 'weft worker' processes registered in the task store: who is alive, how loaded,"
            + " since when; and draining one, from any machine.",
    subcommands = {WorkersCommand.ListWorkers.class, WorkersCommand.DrainWorker.class})
final class WorkersCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft workers list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "List the workers, oldest first.",
      description =
          "Each worker's id, host (a remote worker's as 'HOST via ADDRESS': where it connects to"
              + " its server from) and pid, status (active; draining; lost: no heartbeat within its"
              + " lease, so its tasks are taken over), tasks running of its slots, and when it"
              + " started and last sent a heartbeat.")
  static final class ListWorkers implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--json", description = "Prints the workers as JSON: {workers: [...]}.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<WorkerRecord> workers = store.workers();
        Map<String, List<RunningTask>> runs = new LinkedHashMap<>();
        for (RunningTask task : store.runningTasks()) {
          runs.computeIfAbsent(task.worker(), k -> new ArrayList<>()).add(task);
        }
        Instant now = Instant.now();
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  Map.of(
                      "workers",
                      workers.stream()
                          .map(w -> json(w, runs.getOrDefault(w.id(), List.of()), now))
                          .toList())));
        } else if (workers.isEmpty()) {
          out.println("No workers on " + storeOptions + ": start one with 'weft worker'.");
        } else {
          out.printf(
              "%-34s %-24s %8s  %-9s %9s  %4s %7s  %-16s %-19s %s%n",
              "WORKER",
              "HOST",
              "PID",
              "STATUS",
              "RUNNING",
              "CPU",
              "HEAP",
              "LABELS",
              "STARTED",
              "LAST HEARTBEAT");
          for (WorkerRecord w : workers) {
            out.printf(
                "%-34s %-24s %8d  %-9s %4d of %-2d  %4s %7s  %-16s %-19s %s ago%n",
                w.id(),
                w.host(),
                w.pid(),
                w.status(now),
                w.running(),
                w.concurrency(),
                w.load().cpu() < 0 ? "-" : Math.round(w.load().cpu() * 100) + "%",
                w.load().heapBytes() < 0 ? "-" : w.load().heapBytes() / (1024 * 1024) + " MiB",
                w.labels().isEmpty() ? "-" : String.join(",", w.labels()),
                RunsCommand.time(w.startedAt()),
                Durations.format(Duration.between(w.heartbeatAt(), now).withNanos(0)));
            List<RunningTask> running = runs.getOrDefault(w.id(), List.of());
            if (!running.isEmpty()) {
              out.println(
                  "  runs "
                      + String.join(
                          ", ",
                          running.stream()
                              .limit(SHOWN_TASKS)
                              .map(t -> "#" + t.taskId() + " " + t.nodeId())
                              .toList())
                      + (running.size() > SHOWN_TASKS
                          ? " and " + (running.size() - SHOWN_TASKS) + " more"
                          : ""));
            }
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static final int SHOWN_TASKS = 5;

    private static Map<String, Object> json(
        WorkerRecord w, List<RunningTask> running, Instant now) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", w.id());
      json.put("host", w.host());
      json.put("pid", w.pid());
      json.put("status", w.status(now));
      json.put("running", w.running());
      json.put("concurrency", w.concurrency());
      json.put("lease_millis", w.lease().toMillis());
      json.put("version", w.version());
      json.put("labels", w.labels());
      json.put("types", w.types());
      json.put("cpu", w.load().cpu() < 0 ? null : w.load().cpu());
      json.put("heap_bytes", w.load().heapBytes() < 0 ? null : w.load().heapBytes());
      json.put(
          "tasks",
          running.stream()
              .map(t -> Map.of("id", t.taskId(), "run", t.rootId(), "node", t.nodeId()))
              .toList());
      json.put("started", w.startedAt().toString());
      json.put("heartbeat", w.heartbeatAt().toString());
      return json;
    }
  }

  /** {@code weft workers drain ID}. */
  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      header = "Ask a worker to stop claiming, finish its tasks and leave.",
      description =
          "The worker sees it at its next heartbeat (a third of its lease), then drains as on"
              + " SIGTERM: it lets its running tasks finish within its --grace, puts back the rest"
              + " as not started, and leaves the list.")
  static final class DrainWorker implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "ID", description = "The worker, as 'weft workers list' shows it.")
    String id;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        if (!store.drainWorker(id)) {
          ProblemReport.refuse(spec, false, "there is no worker " + id + " on " + storeOptions);
          return ExitCodes.FAILED;
        }
      }
      out.printf("Asked worker %s to drain; it leaves once its tasks end%n", id);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
