package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;
import static dev.weft.tasks.store.jdbc.JdbcDb.millis;

import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The result cache: results kept by input fingerprint, each until its ttl. */
final class CacheRepository {

  private static final String COLUMNS =
      "fingerprint, task_id, node_id, type, result, created_at, expires_at";

  private final JdbcDb db;

  CacheRepository(JdbcDb db) {
    this.db = db;
  }

  /** The result kept for {@code fingerprint} that has not expired at {@code now}. */
  Optional<CacheEntry> find(String fingerprint, Instant now) {
    return db.read(
        "reading the result cache",
        () -> {
          PreparedStatement select =
              db.sql(
                  "SELECT "
                      + COLUMNS
                      + " FROM task_cache WHERE fingerprint = ?"
                      + " AND (expires_at IS NULL OR expires_at > ?)");
          select.setString(1, fingerprint);
          select.setLong(2, now.toEpochMilli());
          try (ResultSet r = select.executeQuery()) {
            return r.next() ? Optional.of(entry(r)) : Optional.<CacheEntry>empty();
          }
        });
  }

  /** Every kept result, newest first. */
  List<CacheEntry> entries() {
    return db.read(
        "listing the result cache",
        () -> {
          List<CacheEntry> entries = new ArrayList<>();
          try (ResultSet r =
              db.sql("SELECT " + COLUMNS + " FROM task_cache ORDER BY created_at DESC")
                  .executeQuery()) {
            while (r.next()) {
              entries.add(entry(r));
            }
          }
          return entries;
        });
  }

  /** Removes every kept result, or only those expired at {@code now}; returns how many. */
  int clear(boolean expiredOnly, Instant now) {
    return db.transaction(
        "clearing the result cache",
        () -> {
          PreparedStatement delete =
              db.sql(
                  expiredOnly
                      ? "DELETE FROM task_cache WHERE expires_at IS NOT NULL AND expires_at <= ?"
                      : "DELETE FROM task_cache WHERE ? IS NOT NULL");
          delete.setLong(1, now.toEpochMilli());
          return delete.executeUpdate();
        });
  }

  /**
   * Keeps the result of {@code task}, stored at {@code now}: its ttl counts from now. Runs inside
   * the caller's transaction (the one that records the task's success).
   */
  void keep(Outcome.Keep keep, ClaimedTask task, String resultJson, Instant now)
      throws SQLException {
    PreparedStatement insert =
        db.sql(
            "INSERT INTO task_cache"
                + " (fingerprint, task_id, node_id, type, result, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET"
                + " task_id = excluded.task_id, node_id = excluded.node_id, type = excluded.type,"
                + " result = excluded.result, created_at = excluded.created_at,"
                + " expires_at = excluded.expires_at");
    insert.setString(1, keep.fingerprint());
    insert.setLong(2, task.id());
    insert.setString(3, task.nodeId());
    insert.setString(4, task.type());
    insert.setString(5, resultJson);
    insert.setLong(6, now.toEpochMilli());
    Duration ttl = keep.ttl();
    insert.setObject(7, ttl == null ? null : millis(now.plus(ttl)));
    insert.executeUpdate();
  }

  private static CacheEntry entry(ResultSet r) throws SQLException {
    return new CacheEntry(
        r.getString(1),
        r.getLong(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        instant(r, 6),
        instant(r, 7));
  }
}
