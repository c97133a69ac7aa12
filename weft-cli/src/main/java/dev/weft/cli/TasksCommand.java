package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft tasks}: single tasks in the task store. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    header = "List tasks, or show one and the history of its attempts.",
    usageHelpAutoWidth = true,
    description =
        "Shows single tasks of the task store ('weft runs show RUN' lists a run's tasks with their ids).",
    subcommands = {TasksCommand.ListTasks.class, TasksCommand.ShowTask.class})
final class TasksCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft tasks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "List tasks, newest first, with filters.")
  static final class ListTasks implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--run", paramLabel = "RUN", description = "Only the tasks of this run.")
    Long run;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        converter = StatusConverter.class,
        description =
            "Only tasks in this status: pending, ready, running, succeeded, failed, cancelled, upstream-failed.")
    dev.weft.tasks.TaskStatus status;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's tasks.")
    String user;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most N tasks (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Prints the tasks as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<TaskRecord> tasks = store.findTasks(run, status, user, limit);
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(tasks.stream().map(RunReport::json).toList()));
        } else if (tasks.isEmpty()) {
          out.println("No tasks match.");
        } else {
          tasks.forEach(t -> out.printf("run %-5d %s%n", t.rootId(), RunReport.line(t)));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Reads {@code upstream-failed} and the like. */
  static final class StatusConverter
      implements picocli.CommandLine.ITypeConverter<dev.weft.tasks.TaskStatus> {
    @Override
    public dev.weft.tasks.TaskStatus convert(String value) {
      for (dev.weft.tasks.TaskStatus s : dev.weft.tasks.TaskStatus.values()) {
        if (s.display().equalsIgnoreCase(value)) {
          return s;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown status '"
              + value
              + "'; use pending, ready, running, succeeded, failed, cancelled or upstream-failed");
    }
  }

  /** {@code weft tasks show ID}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      header = "Show a task and every attempt of it.")
  static final class ShowTask implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "ID", description = "The task id.")
    long taskId;

    @Option(names = "--json", description = "Prints the task and its attempts as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord task = store.task(taskId).orElse(null);
        if (task == null) {
          spec.commandLine()
              .getErr()
              .printf("weft tasks show: there is no task %d in %s%n", taskId, storeOptions.db);
          return ExitCodes.FAILED;
        }
        List<AttemptRecord> attempts = store.attempts(taskId);
        if (json) {
          Map<String, Object> result = RunReport.json(task);
          result.put("run", task.rootId());
          result.put("attempts", attempts.stream().map(ShowTask::json).toList());
          out.println(ProblemReport.JSON.writeValueAsString(result));
        } else {
          out.printf("Task %d of run %d: %s%n", task.id(), task.rootId(), RunReport.line(task));
          out.printf(
              "  priority %d, user %s, created %s%n",
              task.priority(),
              task.user() == null ? "-" : task.user(),
              RunsCommand.time(task.createdAt()));
          for (AttemptRecord a : attempts) {
            long millis =
                a.finishedAt() == null
                    ? 0
                    : Duration.between(a.startedAt(), a.finishedAt()).toMillis();
            out.printf(
                "  attempt %d  %-10s %s  %6d ms  %s%s%n",
                a.attempt(),
                a.outcome() == null ? "running" : a.outcome(),
                RunsCommand.time(a.startedAt()),
                millis,
                a.worker(),
                a.error() == null ? "" : "  " + a.error());
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static Map<String, Object> json(AttemptRecord a) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("attempt", a.attempt());
      json.put("worker", a.worker());
      json.put("started", a.startedAt().toString());
      json.put("finished", a.finishedAt() == null ? null : a.finishedAt().toString());
      json.put("outcome", a.outcome());
      json.put("error", a.error());
      return json;
    }
  }
}
