package dev.weft.tasks;

import java.util.Optional;

/**
 * Where a running task reports what it is doing: log lines, kept with its attempt ({@code weft
 * tasks logs ID}), and progress, shown while it runs. Both are written to the store in batches by
 * the engine, so reporting is cheap for the task.
 */
public interface TaskReporter {

  /** Ignores everything: for running an executor outside the engine, e.g. in a unit test. */
  TaskReporter NONE =
      new TaskReporter() {
        @Override
        public void log(Level level, String message) {}

        @Override
        public void progress(double fraction, String note) {}

        @Override
        public boolean checkpoint(String stateJson) {
          return true;
        }

        @Override
        public Optional<String> lastCheckpoint() {
          return Optional.empty();
        }
      };

  /** How much a log line matters. */
  enum Level {
    INFO,
    WARN,
    ERROR
  }

  /** Records a log line of the current attempt. */
  void log(Level level, String message);

  /**
   * Records how far the task has got.
   *
   * @param fraction from 0 to 1
   * @param note what it is doing, or {@code null}
   */
  void progress(double fraction, String note);

  /**
   * Saves the task's state durably (before returning), for the attempt that takes over after a
   * crash or retries; {@code false} when this attempt no longer holds the task.
   */
  boolean checkpoint(String stateJson);

  /** The last state any attempt of the task saved, as JSON. */
  Optional<String> lastCheckpoint();
}
