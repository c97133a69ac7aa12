package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.store.RunNotes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Runs' notes, in the store's {@code run_notes} table. */
final class RunNotesRepository implements RunNotes {

  private final JdbcDb db;

  RunNotesRepository(JdbcDb db) {
    this.db = db;
  }

  @Override
  public void put(long runId, String name, String value) {
    db.transaction(
        "keeping note " + name + " of run " + runId,
        () -> {
          PreparedStatement upsert =
              db.sql(
                  "INSERT INTO run_notes (run_id, name, value) VALUES (?, ?, ?)"
                      + " ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value");
          upsert.setLong(1, runId);
          upsert.setString(2, name);
          upsert.setString(3, value);
          upsert.executeUpdate();
          return null;
        });
  }

  @Override
  public String get(long runId, String name) {
    return db.read(
        "reading note " + name + " of run " + runId,
        () -> {
          PreparedStatement select =
              db.sql("SELECT value FROM run_notes WHERE run_id = ? AND name = ?");
          select.setLong(1, runId);
          select.setString(2, name);
          try (ResultSet r = select.executeQuery()) {
            return r.next() ? r.getString(1) : null;
          }
        });
  }
}
