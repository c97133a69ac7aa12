package dev.weft.tasks;

import dev.weft.tasks.store.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * This machine's clock set to the database's: the offset between them is measured at each heartbeat
 * (half the round trip taken as the query's moment), so every worker of a store reads leases,
 * heartbeats and due times on one clock, whatever its machine's clock says.
 */
final class DatabaseClock extends Clock {

  private final Clock local;
  private volatile long offsetMillis;

  DatabaseClock(Clock local) {
    this.local = local;
  }

  /** Measures the offset to {@code store}'s clock again; returns it in milliseconds. */
  long sync(WorkQueue store) {
    long before = local.millis();
    long database = store.databaseTime().toEpochMilli();
    long after = local.millis();
    offsetMillis = database - (before + after) / 2;
    return offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public long millis() {
    return local.millis() + offsetMillis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    DatabaseClock database = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return database.withZone(other);
      }

      @Override
      public Instant instant() {
        return database.instant();
      }
    };
  }
}
