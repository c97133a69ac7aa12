package dev.weft.tasks;

/** Told about a run as it goes, e.g. to show progress. */
public interface RunListener {

  /** A listener that ignores everything. */
  RunListener NONE = new RunListener() {};

  /** A task's attempt is starting. */
  default void started(String nodeId, int attempt) {}

  /** A task has ended. */
  default void ended(TaskOutcome outcome) {}
}
