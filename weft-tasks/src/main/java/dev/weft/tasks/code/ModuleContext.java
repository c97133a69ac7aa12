package dev.weft.tasks.code;

import dev.weft.tasks.TaskContext;
import dev.weft.tasks.TaskSkipped;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Module} sees while it runs: its dependencies' results as their own types, the run
 * parameters, and the task's log, progress and checkpoint.
 */
public final class ModuleContext {
  private final TaskContext task;
  private final Map<Class<?>, Handle<?>> modules;

  ModuleContext(TaskContext task, Map<Class<?>, Handle<?>> modules) {
    this.task = task;
    this.modules = modules;
  }

  /**
   * The result of the module class {@code module}, one this module depends on.
   *
   * @throws IllegalStateException when that dependency has no result (it is optional and failed or
   *     was skipped: use {@link #optional(Class)})
   * @throws IllegalArgumentException when this module does not depend on it
   */
  public <R> R result(Class<? extends Module<R>> module) {
    return result(handle(module));
  }

  /** The result of the module or node behind {@code handle}, one this module depends on. */
  public <R> R result(Handle<R> handle) {
    return read(handle)
        .orElseThrow(() ->
            new IllegalStateException(
                "'"
                    + handle.id()
                    + "' has no result for '"
                    + id()
                    + "': it failed or was skipped; read an optional dependency with optional()"));
  }

  /**
   * The result of {@code module}, or empty when it has none (an optional dependency that failed or
   * was skipped, or a result of {@code null}).
   */
  public <R> Optional<R> optional(Class<? extends Module<R>> module) {
    return optional(handle(module));
  }

  /** The result behind {@code handle}, or empty when it has none. */
  public <R> Optional<R> optional(Handle<R> handle) {
    return read(handle);
  }

  @SuppressWarnings("unchecked") // the handle's type is the type the result is read as
  private <R> Optional<R> read(Handle<R> handle) {
    if (!task.node().afterIds().contains(handle.id())) {
      throw new IllegalArgumentException(
          "'"
              + id()
              + "' reads the result of '"
              + handle.id()
              + "' without depending on it: declare it with @DependsOn or after()");
    }
    return (Optional<R>) task.input(handle.id(), handle.type());
  }

  private <R> Handle<R> handle(Class<? extends Module<R>> module) {
    @SuppressWarnings("unchecked") // added with this class, so its results are Rs
    Handle<R> handle = (Handle<R>) modules.get(module);
    if (handle == null) {
      throw new IllegalArgumentException(
          module.getName() + " is not a module of this pipeline: add it to the builder");
    }
    return handle;
  }

  /** This module's id in the pipeline. */
  public String id() {
    return task.node().id();
  }

  /** The run parameters. */
  public Map<String, String> params() {
    return task.params();
  }

  /** The run parameter {@code name}, or {@code null} when it has no value. */
  public String param(String name) {
    return task.params().get(name);
  }

  /** The run's id ({@code weft runs show ID}). */
  public long runId() {
    return task.runId();
  }

  /** This task's id ({@code weft tasks show ID}). */
  public long taskId() {
    return task.taskId();
  }

  /** 1 for the first attempt, 2 for the first retry, and so on. */
  public int attempt() {
    return task.attempt();
  }

  /** Logs a line ({@code weft tasks logs ID} shows it). */
  public void log(String message) {
    task.log(message);
  }

  /** Logs a warning. */
  public void warn(String message) {
    task.warn(message);
  }

  /** Reports progress from 0 to 1, with a note or {@code null}. */
  public void progress(double fraction, String note) {
    task.progress(fraction, note);
  }

  /** Saves a small state durably; see {@link TaskContext#checkpoint(Object)}. */
  public boolean checkpoint(Object state) {
    return task.checkpoint(state);
  }

  /** The state an earlier attempt saved with {@link #checkpoint}, if any. */
  public <T> Optional<T> lastCheckpoint(Class<T> type) {
    return task.lastCheckpoint(type);
  }

  /** Whether the task should stop: the run is cancelled or the attempt timed out. */
  public boolean cancelled() {
    return task.cancelled();
  }

  /**
   * Ends this module with status {@code skipped}, not failed: its dependents treat it as one whose
   * condition was false.
   */
  public TaskSkipped skip(String reason) {
    throw new TaskSkipped(reason);
  }

  /** The task-level context, for what modules share with node types. */
  public TaskContext task() {
    return task;
  }
}
