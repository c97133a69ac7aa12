package dev.weft.cli;

import dev.weft.tasks.CopySelection;
import dev.weft.tasks.RunSpans;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The records of a task store the command opened itself. */
final class StoreRecords implements Records {

  private final TaskStore store;
  private final String where;

  StoreRecords(TaskStore store, String where) {
    this.store = store;
    this.where = where;
  }

  @Override
  public List<TaskRecord> runs(int limit, int offset) {
    return store.runs(limit, offset);
  }

  @Override
  public int countRuns() {
    return store.countRuns();
  }

  @Override
  public Optional<TaskRecord> task(long id) {
    return store.task(id);
  }

  @Override
  public List<TaskRecord> tasks(long runId) {
    return store.tasks(runId);
  }

  @Override
  public List<TaskRecord> findTasks(
      Long runId, TaskStatus status, String user, int limit, int offset) {
    return store.findTasks(runId, status, user, limit, offset);
  }

  @Override
  public int countTasks(Long runId, TaskStatus status, String user) {
    return store.countTasks(runId, status, user);
  }

  @Override
  public List<AttemptRecord> attempts(long taskId) {
    return store.attempts(taskId);
  }

  @Override
  public Optional<Checkpoint> checkpoint(long taskId) {
    return store.checkpoint(taskId);
  }

  @Override
  public List<TaskDependency> dependencies(long runId) {
    return store.dependencies(runId);
  }

  @Override
  public List<LogLine> logs(long taskId) {
    return store.logs(taskId);
  }

  @Override
  public RunCancel cancelRun(long runId) {
    List<StatusChange> changes = store.cancelRun(runId, Instant.now());
    spans().changed(changes); // a run with nothing running ends here: its span is recorded here
    long cancelled = changes.stream().filter(c -> !c.runEnded()).count();
    long stopping =
        store.tasks(runId).stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
    return new RunCancel(cancelled, stopping);
  }

  @Override
  public TaskCancel cancelTask(long taskId) {
    List<StatusChange> changes = store.cancelTask(taskId, Instant.now());
    spans().changed(changes);
    if (changes.isEmpty()) {
      return new TaskCancel(true, 0);
    }
    return new TaskCancel(
        false, changes.stream().filter(c -> c.taskId() != taskId && !c.runEnded()).count());
  }

  private RunSpans spans() {
    return new RunSpans(store, WorkOptions.tracing(ConfigFile.locate(null)));
  }

  @Override
  public int retryFailed(long runId) {
    return store.retryFailed(runId, Instant.now());
  }

  @Override
  public long copy(
      List<Long> ids, CopySelection.Mode mode, List<String> nodeIds, TaskStore.CopyReset reset) {
    List<Long> seeds =
        mode == null ? ids : CopySelection.seeds(store, ids.getFirst(), mode, nodeIds);
    return store.copyTasks(seeds, Instant.now(), reset);
  }

  @Override
  public Optional<TaskStore> store() {
    return Optional.of(store);
  }

  @Override
  public String toString() {
    return where;
  }

  @Override
  public void close() {
    store.close();
  }
}
