package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;
import static dev.weft.tasks.store.jdbc.JdbcDb.millis;

import dev.weft.core.Schedule;
import dev.weft.tasks.store.ScheduleRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The cron schedules. */
final class ScheduleRepository {

  private final JdbcDb db;

  ScheduleRepository(JdbcDb db) {
    this.db = db;
  }

  /** Adds the schedule, or replaces the one of the same name. */
  void save(ScheduleRecord schedule, Instant now) {
    db.transaction(
        "saving schedule " + schedule.name(),
        () -> {
          PreparedStatement save =
              db.sql(
                  "INSERT INTO schedules (name, cron, zone, pipeline, next_fire_at, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                      + " cron = excluded.cron, zone = excluded.zone, pipeline = excluded.pipeline,"
                      + " next_fire_at = excluded.next_fire_at");
          save.setString(1, schedule.name());
          save.setString(2, schedule.schedule().cron());
          save.setString(3, schedule.schedule().zone());
          save.setString(4, schedule.pipelineJson());
          save.setObject(5, millis(schedule.nextFireAt()));
          save.setLong(6, now.toEpochMilli());
          save.executeUpdate();
          return null;
        });
  }

  /** Every schedule, by name. */
  List<ScheduleRecord> all() {
    return db.read(
        "listing schedules",
        () -> {
          List<ScheduleRecord> schedules = new ArrayList<>();
          try (ResultSet r =
              db.sql(
                      "SELECT name, cron, zone, pipeline, next_fire_at, last_fire_at, last_run_id"
                          + " FROM schedules ORDER BY name")
                  .executeQuery()) {
            while (r.next()) {
              long lastRun = r.getLong("last_run_id");
              schedules.add(
                  new ScheduleRecord(
                      r.getString("name"),
                      new Schedule(r.getString("cron"), r.getString("zone")),
                      r.getString("pipeline"),
                      instant(r, "next_fire_at"),
                      instant(r, "last_fire_at"),
                      r.wasNull() ? null : lastRun));
            }
          }
          return schedules;
        });
  }

  /** Removes the schedule; whether there was one. */
  boolean remove(String name) {
    return db.transaction(
        "removing schedule " + name,
        () -> {
          PreparedStatement delete = db.sql("DELETE FROM schedules WHERE name = ?");
          delete.setString(1, name);
          return delete.executeUpdate() == 1;
        });
  }

  /**
   * Moves the schedule from its due time {@code due} to {@code next}, in the caller's transaction:
   * a compare-and-set, so of many workers firing the same due time exactly one gets true.
   */
  boolean advance(String name, Instant due, Instant next) throws SQLException {
    PreparedStatement move =
        db.sql(
            "UPDATE schedules SET next_fire_at = ?, last_fire_at = ?"
                + " WHERE name = ? AND next_fire_at = ?");
    move.setObject(1, millis(next));
    move.setLong(2, due.toEpochMilli());
    move.setString(3, name);
    move.setLong(4, due.toEpochMilli());
    return move.executeUpdate() == 1;
  }

  /** Records {@code run} as the schedule's last run, in the caller's transaction. */
  void link(String name, long run) throws SQLException {
    PreparedStatement link = db.sql("UPDATE schedules SET last_run_id = ? WHERE name = ?");
    link.setLong(1, run);
    link.setString(2, name);
    link.executeUpdate();
  }
}
