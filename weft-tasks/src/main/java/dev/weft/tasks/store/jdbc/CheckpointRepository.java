package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.ClaimedTask;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Tasks' checkpoints: one state per task, the last saved, kept across its attempts. */
final class CheckpointRepository {

  private final JdbcDb db;

  CheckpointRepository(JdbcDb db) {
    this.db = db;
  }

  /**
   * Saves the state of the attempt holding {@code claim}, in a transaction of its own so it is
   * durable when this returns; refused (false) when the attempt no longer holds the task.
   */
  boolean save(ClaimedTask claim, String stateJson, Instant now) {
    return db.transaction(
        "saving a checkpoint of task " + claim.id(),
        () -> {
          PreparedStatement update =
              db.sql(
                  "UPDATE tasks SET checkpoint = ?, checkpoint_attempt = ?, checkpoint_at = ?"
                      + " WHERE id = ? AND lease_epoch = ? AND status = 'running'");
          update.setString(1, stateJson);
          update.setInt(2, claim.attempt());
          update.setLong(3, now.toEpochMilli());
          update.setLong(4, claim.id());
          update.setLong(5, claim.epoch());
          return update.executeUpdate() == 1;
        });
  }

  /** The last checkpoint of a task, if it saved any. */
  Optional<Checkpoint> last(long taskId) {
    return db.read(
        "reading the checkpoint of task " + taskId,
        () -> {
          PreparedStatement select =
              db.sql(
                  "SELECT checkpoint, checkpoint_attempt, checkpoint_at FROM tasks"
                      + " WHERE id = ? AND checkpoint IS NOT NULL");
          select.setLong(1, taskId);
          try (ResultSet r = select.executeQuery()) {
            return r.next()
                ? Optional.of(new Checkpoint(r.getString(1), r.getInt(2), instant(r, 3)))
                : Optional.<Checkpoint>empty();
          }
        });
  }
}
