package dev.weft.tasks;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.StatusChange;

/** Told about a run as it goes, e.g. to show progress. Called on the engine's thread. */
public interface RunListener {

  /** A listener that ignores everything. */
  RunListener NONE = new RunListener() {};

  /** An attempt of a task is starting. */
  default void started(ClaimedTask task) {}

  /** A task (or, when {@link StatusChange#runEnded()}, the run) reached a new status. */
  default void changed(StatusChange change) {}

  /** A schedule fired and started run {@code runId}. */
  default void scheduled(String schedule, long runId) {}

  /**
   * A drain ended: the engine stopped, {@code released} tasks it had not finished within the grace
   * period put back for other workers, as not started.
   */
  default void drained(int released) {}

  /**
   * The database could not be reached ({@code why}); the engine keeps retrying, with backoff, and
   * keeps what it has not written yet. Said once per outage.
   */
  default void connectionLost(String why) {}

  /** The database is reachable again after {@code down}, and the engine goes on. */
  default void reconnected(java.time.Duration down) {}
}
