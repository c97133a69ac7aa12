package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.tasks.CopySelection;
import dev.weft.tasks.RunSpans;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.time.Duration;
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

/** {@code weft tasks}: single tasks in the task store. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    header = "List, show, draw, cancel or copy tasks, or read their logs.",
    usageHelpAutoWidth = true,
    description =
        "Single tasks of the task store ('weft runs show RUN' lists a run's tasks with their ids).",
    subcommands = {
      TasksCommand.ListTasks.class,
      TasksCommand.ShowTask.class,
      TasksCommand.TreeOfTasks.class,
      TasksCommand.TaskLogs.class,
      TasksCommand.CancelTask.class,
      TasksCommand.CopyTasks.class
    })
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
        completionCandidates = StatusConverter.class,
        description = "Only tasks in this status: ${COMPLETION-CANDIDATES}.")
    TaskStatus status;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's tasks.")
    String user;

    @Mixin PageOptions page;

    @Option(
        names = "--json",
        description = "Prints the tasks as JSON: {total, offset, limit, tasks: [...]}.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<TaskRecord> tasks = store.findTasks(run, status, user, page.limit(), page.offset);
        int total = store.countTasks(run, status, user);
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  page.json("tasks", tasks.stream().map(RunReport::json).toList(), total)));
        } else if (tasks.isEmpty()) {
          out.println("No tasks match.");
        } else {
          tasks.forEach(t -> out.printf("run %-5d %s%n", t.rootId(), RunReport.line(t)));
          out.flush();
          page.noteCut(spec.commandLine().getErr(), tasks.size(), total);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /**
   * Reads {@code upstream-failed} and the like; as completion candidates, the statuses as users
   * write them, so that help and completion list every one of the enum.
   */
  static final class StatusConverter
      implements picocli.CommandLine.ITypeConverter<TaskStatus>, Iterable<String> {
    @Override
    public TaskStatus convert(String value) {
      for (TaskStatus s : TaskStatus.values()) {
        if (s.display().equalsIgnoreCase(value)) {
          return s;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown status '" + value + "'; use one of " + String.join(", ", this));
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(TaskStatus.values()).map(TaskStatus::display).iterator();
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
        TaskRecord task = find(store, taskId, storeOptions, spec, json);
        if (task == null) {
          return ExitCodes.FAILED;
        }
        List<AttemptRecord> attempts = store.attempts(taskId);
        Optional<Checkpoint> checkpoint = store.checkpoint(taskId);
        if (json) {
          Map<String, Object> result = RunReport.json(task);
          result.put("run", task.rootId());
          result.put("checkpoint", checkpoint.map(ShowTask::json).orElse(null));
          result.put("attempts", attempts.stream().map(ShowTask::json).toList());
          out.println(ProblemReport.JSON.writeValueAsString(result));
        } else {
          out.printf("Task %d of run %d: %s%n", task.id(), task.rootId(), RunReport.line(task));
          out.printf(
              "  priority %d, user %s, created %s%s%n",
              task.priority(),
              task.user() == null ? "-" : task.user(),
              RunsCommand.time(task.createdAt()),
              task.originalId() == null ? "" : ", a copy of #" + task.originalId());
          if (task.progress() != null) {
            out.printf("  progress %s%n", TaskTree.progress(task));
          }
          checkpoint.ifPresent(c ->
              out.printf(
                  "  checkpoint of attempt %d, %s: %s%n",
                  c.attempt(), RunsCommand.time(c.at()), c.stateJson()));
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

    private static Map<String, Object> json(Checkpoint c) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("attempt", c.attempt());
      json.put("at", c.at().toString());
      json.put("state", RunReport.readJson(c.stateJson()));
      return json;
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

  /** The task, or {@code null} after telling the user there is none (as JSON with {@code json}). */
  private static TaskRecord find(
      TaskStore store,
      long taskId,
      StoreOptions storeOptions,
      picocli.CommandLine.Model.CommandSpec spec,
      boolean json) {
    TaskRecord task = store.task(taskId).orElse(null);
    if (task == null) {
      ProblemReport.refuse(spec, json, "there is no task " + taskId + " in " + storeOptions);
    }
    return task;
  }

  /** {@code weft tasks tree ID}. */
  @Command(
      name = "tree",
      mixinStandardHelpOptions = true,
      header = "Draw a run (or a task's subtree) as a tree.",
      description =
          "Each task under its parent, with its status, attempts, time and the tasks it waits for"
              + " ('?' marks an optional dependency).")
  static final class TreeOfTasks implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "ID", description = "A run id, or a task id.")
    long id;

    @Option(names = "--json", description = "Prints the tree as nested JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord top = find(store, id, storeOptions, spec, json);
        if (top == null) {
          return ExitCodes.FAILED;
        }
        TaskTree tree =
            new TaskTree(top, store.tasks(top.rootId()), store.dependencies(top.rootId()));
        if (json) {
          out.println(ProblemReport.JSON.writeValueAsString(tree.json()));
        } else {
          tree.lines().forEach(out::println);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code weft tasks cancel ID}. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      header = "Cancel a task and what requires it.",
      description =
          "A waiting task is cancelled at once, a running one is interrupted by its worker; the"
              + " tasks that require it are cancelled too, and its run can no longer succeed"
              + " ('weft runs retry RUN --failed' runs the cancelled part again).")
  static final class CancelTask implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "ID", description = "The task id.")
    long taskId;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        TaskRecord task = find(store, taskId, storeOptions, spec, false);
        if (task == null) {
          return ExitCodes.FAILED;
        }
        if (task.status().ended()) {
          out.printf(
              "Task %d (%s) has already ended: %s%n",
              task.id(), task.nodeId(), task.status().display());
          return ExitCodes.OK;
        }
        List<dev.weft.tasks.store.StatusChange> changes =
            store.cancelTask(taskId, java.time.Instant.now());
        new RunSpans(store, WorkOptions.tracing(ConfigFile.locate(null))).changed(changes);
        if (changes.isEmpty()) {
          out.printf(
              "Task %d (%s) is running: its worker was asked to stop it; what requires it will be"
                  + " cancelled when it ends%n",
              task.id(), task.nodeId());
        } else {
          long dependents =
              changes.stream().filter(c -> c.taskId() != taskId && !c.runEnded()).count();
          out.printf(
              "Cancelled task %d (%s) of run %d and %d %s that required it%n",
              task.id(),
              task.nodeId(),
              task.rootId(),
              dependents,
              dependents == 1 ? "task" : "tasks");
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code weft tasks copy ID...}. */
  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      header = "Run tasks again in a new run, with everything that depends on them.",
      description =
          "Copies the tasks and every task that depends on them, transitively, into a new run"
              + " linked to the originals, and runs it (with --detach, leaves it to 'weft"
              + " worker'). Tasks left behind that succeeded give their results again as inputs.",
      footerHeading = "%nExamples:%n",
      footer = {"  weft tasks copy 7", "  weft tasks copy 7 9 --detach"})
  static final class CopyTasks implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Mixin WorkOptions work;

    @Parameters(
        paramLabel = "ID",
        arity = "1..*",
        description = "Task ids, all of one run (with --mode: one task or run).")
    List<Long> taskIds;

    @Option(
        names = "--mode",
        paramLabel = "MODE",
        description =
            "minimal: the failed, upstream-failed and cancelled tasks under ID and what depends on them, reusing what succeeded; full: every task under ID; custom: the nodes of --ids. Each with what depends on it.")
    Mode mode;

    @Option(
        names = "--ids",
        paramLabel = "NODE",
        split = ",",
        description = "With --mode custom: the node ids to copy, e.g. --ids build,test.")
    List<String> nodeIds = new java.util.ArrayList<>();

    @Option(
        names = "--reset",
        paramLabel = "FIELD",
        split = ",",
        description =
            "What copies do not take from their originals: inputs (results of tasks left behind), priority.")
    List<String> reset = new java.util.ArrayList<>();

    /** How the tasks to copy are chosen. */
    enum Mode {
      minimal,
      full,
      custom
    }

    @Option(names = "--detach", description = "Stores the copy and returns without running it.")
    boolean detach;

    @Option(names = "--json", description = "Prints the outcome as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException, JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        long copy;
        try {
          copy = store.copyTasks(seeds(store), java.time.Instant.now(), resetFields());
        } catch (IllegalArgumentException e) {
          ProblemReport.refuse(spec, json, e.getMessage());
          return ExitCodes.FAILED;
        }
        TaskRecord run = store.task(copy).orElseThrow();
        if (json && detach) {
          out.println(
              ProblemReport.JSON.writeValueAsString(RunReport.json(run, store.tasks(copy))));
          out.flush();
        } else if (!json) {
          int copied = store.tasks(copy).size();
          out.printf(
              "Copied %d %s of run %d into run %d%n",
              copied, copied == 1 ? "task" : "tasks", run.originalId(), copy);
          out.flush();
        }
        if (detach) {
          return ExitCodes.OK;
        }
        try (dev.weft.tasks.TaskEngine engine =
            new dev.weft.tasks.TaskEngine(
                store, dev.weft.core.spi.NodeTypes.load(), work.engineOptions())) {
          return RunCommand.follow(out, store, engine, run, "Running", storeOptions, json);
        }
      }
    }

    /** The tasks the copy starts from: the ids given, or those the mode picks under one id. */
    private List<Long> seeds(TaskStore store) {
      if (mode == null) {
        return taskIds;
      }
      if (taskIds.size() != 1) {
        throw new IllegalArgumentException("--mode takes one task or run id");
      }
      return CopySelection.seeds(
          store, taskIds.getFirst(), CopySelection.Mode.of(mode.name()), nodeIds);
    }

    private TaskStore.CopyReset resetFields() {
      for (String field : reset) {
        if (!List.of("inputs", "priority").contains(field)) {
          throw new IllegalArgumentException(
              "--reset " + field + ": copies can reset inputs or priority");
        }
      }
      return new TaskStore.CopyReset(reset.contains("inputs"), reset.contains("priority"));
    }
  }

  /** {@code weft tasks logs ID}. */
  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      header = "Print what a task logged, attempt by attempt.",
      description =
          "The lines a task logged through its context, and the output of shell tasks, with the"
              + " attempt and the time of each.")
  static final class TaskLogs implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Parameters(paramLabel = "ID", description = "The task id.")
    long taskId;

    @Option(names = "--json", description = "Prints the lines as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        if (find(store, taskId, storeOptions, spec, json) == null) {
          return ExitCodes.FAILED;
        }
        List<dev.weft.tasks.store.LogLine> lines = store.logs(taskId);
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  lines.stream()
                      .map(l ->
                          Map.of(
                              "attempt", l.attempt(),
                              "at", l.at().toString(),
                              "level", l.level(),
                              "message", l.message()))
                      .toList()));
        } else if (lines.isEmpty()) {
          out.printf("Task %d logged nothing%n", taskId);
        } else {
          for (dev.weft.tasks.store.LogLine line : lines) {
            out.printf(
                "attempt %d  %s  %-5s %s%n",
                line.attempt(), RunsCommand.time(line.at()), line.level(), line.message());
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
