package dev.weft.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand; its views in other zones move with it. */
final class ManualClock extends Clock {
  private volatile Instant now;
  private final ManualClock source; // the clock this one is a view of, or null
  private final ZoneId zone;

  ManualClock(Instant start) {
    this.now = start;
    this.source = null;
    this.zone = ZoneOffset.UTC;
  }

  private ManualClock(ManualClock source, ZoneId zone) {
    this.source = source;
    this.zone = zone;
  }

  void set(Instant at) {
    owner().now = at;
  }

  void advance(Duration by) {
    owner().now = owner().now.plus(by);
  }

  private ManualClock owner() {
    return source == null ? this : source;
  }

  @Override
  public Instant instant() {
    return owner().now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new ManualClock(owner(), other);
  }
}
