package dev.weft.tasks.code;

import dev.weft.tasks.TaskResults;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run of a {@link CodePipeline} stands: its status and each module's task, with typed
 * results.
 */
public final class RunResult {
  private final CodePipeline pipeline;
  private final TaskRecord run;
  private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();

  RunResult(CodePipeline pipeline, TaskRecord run, List<TaskRecord> tasks) {
    this.pipeline = pipeline;
    this.run = run;
    for (TaskRecord task : tasks) {
      if (task.id() != run.id() && task.parentId() == run.id()) {
        this.tasks.putIfAbsent(task.nodeId(), task);
      }
    }
  }

  /** The run's id, as {@code weft runs show} and {@code weft tasks tree} take it. */
  public long runId() {
    return run.id();
  }

  /** The run's status. */
  public TaskStatus status() {
    return run.status();
  }

  /** Whether the run ended with status {@code succeeded} (see docs/semantics.md). */
  public boolean succeeded() {
    return run.status() == TaskStatus.SUCCEEDED;
  }

  /** The run's error, when it failed. */
  public Optional<String> error() {
    return Optional.ofNullable(run.error());
  }

  /** The task of the module behind {@code handle}. */
  public TaskRecord task(Handle<?> handle) {
    TaskRecord task = tasks.get(handle.id());
    if (task == null) {
      throw new IllegalArgumentException(
          "'" + handle.id() + "' is not a module of " + pipeline.name());
    }
    return task;
  }

  /** The status of the module behind {@code handle}. */
  public TaskStatus status(Handle<?> handle) {
    return task(handle).status();
  }

  /** The result of module class {@code module}, or empty when it has none. */
  public <R> Optional<R> result(Class<? extends Module<R>> module) {
    return result(pipeline.handle(module));
  }

  /** The result of the module behind {@code handle}, or empty when it has none. */
  @SuppressWarnings("unchecked") // read as the handle's type
  public <R> Optional<R> result(Handle<R> handle) {
    TaskRecord task = task(handle);
    if (task.resultJson() == null || !task.status().succeeded()) {
      return Optional.empty();
    }
    return Optional.ofNullable((R) TaskResults.read(task.resultJson(), handle.type()));
  }

  @Override
  public String toString() {
    return "run " + run.id() + " of " + pipeline.name() + ": " + run.status().display();
  }
}
