package dev.weft.tasks;

/**
 * The work of one task. Called once per attempt; a thrown exception fails the attempt, and the
 * node's retry policy decides what follows.
 */
@FunctionalInterface
public interface TaskExecutor {

  /**
   * Does the work.
   *
   * @return the task's result, handed to its dependents as input; {@code null} for none
   */
  Object execute(TaskContext context) throws Exception;
}
