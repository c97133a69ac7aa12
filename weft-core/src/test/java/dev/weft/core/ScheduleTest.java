package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void nextFiringIsTheFirstMatchStrictlyAfterTheGivenTime() {
    Schedule daily = Schedule.utc("0 3 * * *");

    assertThat(daily.next(Instant.parse("2026-11-23T02:59:59Z")))
        .contains(Instant.parse("2026-11-23T03:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-11-23T03:00:00Z")))
        .contains(Instant.parse("2026-11-24T03:00:00Z"));
  }

  @Test
  void theExpressionIsReadInItsTimeZone() {
    Schedule paris = new Schedule("0 9 * * 1-5", "Europe/Paris");

    // Monday 23 November 2026; Paris is UTC+1 in winter.
    assertThat(paris.next(Instant.parse("2026-11-23T00:00:00Z")))
        .contains(Instant.parse("2026-11-23T08:00:00Z"));
    // Friday evening: the next one is Monday.
    assertThat(paris.next(Instant.parse("2026-11-27T10:00:00Z")))
        .contains(Instant.parse("2026-11-30T08:00:00Z"));
  }

  @Test
  void nicknamesStandForTheirExpressions() {
    assertThat(Schedule.utc("@hourly").next(Instant.parse("2026-11-23T10:15:00Z")))
        .contains(Instant.parse("2026-11-23T11:00:00Z"));
    assertThat(Schedule.utc("@weekly").next(Instant.parse("2026-11-23T10:15:00Z")))
        .contains(Instant.parse("2026-11-29T00:00:00Z"));
  }

  @Test
  void badExpressionsAndZonesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Schedule.utc("61 * * * *"))
        .hasMessage("bad cron expression '61 * * * *': Value 61 not in range [0, 59]");
    assertThatThrownBy(() -> Schedule.utc("* * *"))
        .hasMessageStartingWith("bad cron expression '* * *'");
    assertThatThrownBy(() -> new Schedule("@daily", "Nowhere/Town"))
        .hasMessage("unknown time zone 'Nowhere/Town'");
    assertThatThrownBy(() -> Schedule.utc("0 3 * * MON-FRX"))
        .hasMessage(
            "bad cron expression '0 3 * * MON-FRX': 'FRX' is not a number, range (1-5), list"
                + " (1,3), step (*/15) or day or month name");
  }

  @Test
  void anUnknownZoneSuggestsTheOneItResembles() {
    assertThat(Schedule.zoneHint("Europe/Pairs")).isEqualTo("did you mean 'Europe/Paris'?");
    assertThat(Schedule.zoneHint("paris")).isEqualTo("did you mean 'Europe/Paris'?");
    assertThat(Schedule.zoneHint("Mars/Olympus")).isEqualTo(Schedule.ZONE_HINT);
  }

  @Test
  void describesItselfInWords() {
    assertThat(Schedule.utc("0 3 * * *").describe()).contains("03:00").endsWith("UTC");
  }
}
