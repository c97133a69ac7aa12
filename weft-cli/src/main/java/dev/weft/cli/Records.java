package dev.weft.cli;

import dev.weft.tasks.CopySelection;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.util.List;
import java.util.Optional;

/**
 * What the run and task commands read and change: the task store itself ({@code --db}), or the
 * store of a running server ({@code --server}), through its JSON-RPC methods and with its token's
 * rights.
 */
interface Records extends AutoCloseable {

  /** Runs, newest first. */
  List<TaskRecord> runs(int limit, int offset);

  int countRuns();

  Optional<TaskRecord> task(long id);

  /** The tasks of a run, not the run itself. */
  List<TaskRecord> tasks(long runId);

  List<TaskRecord> findTasks(Long runId, TaskStatus status, String user, int limit, int offset);

  int countTasks(Long runId, TaskStatus status, String user);

  List<AttemptRecord> attempts(long taskId);

  Optional<Checkpoint> checkpoint(long taskId);

  List<TaskDependency> dependencies(long runId);

  List<LogLine> logs(long taskId);

  /** What cancelling a run did: waiting tasks cancelled, running ones asked to stop. */
  record RunCancel(long cancelled, long stopping) {}

  RunCancel cancelRun(long runId);

  /**
   * What cancelling a task did: {@code stopping} when it runs (its worker was asked to stop it),
   * else how many tasks that required it were cancelled with it.
   */
  record TaskCancel(boolean stopping, long dependents) {}

  TaskCancel cancelTask(long taskId);

  /** Reopens what failed in an ended run; how many tasks will run again. */
  int retryFailed(long runId);

  /**
   * Copies tasks (with what depends on them) into a new run: {@code ids} themselves without a
   * {@code mode}, else what the mode picks under the one id. Answers the new run's id.
   *
   * @throws IllegalArgumentException when there is nothing to copy, saying why
   */
  long copy(
      List<Long> ids, CopySelection.Mode mode, List<String> nodeIds, TaskStore.CopyReset reset);

  /**
   * The store, for the commands that go on to work what they reopened or copied; empty through a
   * server, whose workers do that.
   */
  Optional<TaskStore> store();

  /** Where the records are, as messages say it. */
  @Override
  String toString();

  @Override
  void close();
}
