package dev.weft.tasks.store;

/**
 * What a front end keeps with a run that Weft itself does not read ({@link TaskStore#notes}): a
 * JSON text per run and name, e.g. the A2A contextId of a run started through A2A. Kept in the
 * store, so it outlives a restart.
 */
public interface RunNotes {

  /** Keeps {@code value} (JSON) as run {@code runId}'s note {@code name}, replacing one it had. */
  void put(long runId, String name, String value);

  /** Run {@code runId}'s note {@code name}, or {@code null} when it has none. */
  String get(long runId, String name);
}
