package dev.weft.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void readsEachUnitAndCombinations() {
    assertThat(Durations.parse("100ms")).contains(Duration.ofMillis(100));
    assertThat(Durations.parse("5s")).contains(Duration.ofSeconds(5));
    assertThat(Durations.parse("2m")).contains(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("0s")).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5",
        "5 s",
        "s",
        "-1s",
        "1.5s",
        "5sec",
        "1m 30s",
        "99999999999999999999d",
        "9999999999999999d"
      })
  void rejectsAnythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void theLongestDurationIsAsManyNanosecondsAsALongHolds() {
    assertThat(Durations.format(Durations.MAX)).isEqualTo("106751d23h47m16s854ms");
    assertThat(Durations.parse("106751d23h47m16s854ms")).isPresent();
    assertThat(Durations.tooLong("106751d23h47m16s854ms")).isFalse();
    assertThat(Durations.parse("106751d23h47m16s855ms")).isEmpty();
    assertThat(Durations.tooLong("106751d23h47m16s855ms")).isTrue();
    assertThat(Durations.tooLong("99999999999999999999d")).as("beyond a long").isTrue();
    assertThat(Durations.tooLong("5 seconds")).isFalse();
  }

  @Test
  void formatWritesAsManifestsDo() {
    assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofDays(1).plusMillis(5))).isEqualTo("1d5ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(500))).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(-2))).isEqualTo("-2s");
  }

  @Property
  void formatReadsBack(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).contains(d);
  }
}
