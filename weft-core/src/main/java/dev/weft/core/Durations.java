package dev.weft.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as manifests write them: a number and a unit, several in a row allowed: {@code 250ms},
 * {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 1m30s}.
 */
public final class Durations {

  /** The hint shown for a bad duration. */
  public static final String HINT =
      "write a number and a unit, e.g. 100ms, 5s, 2m, 1h, 1d or 1m30s";

  /**
   * The longest duration allowed, about 292 years: as many nanoseconds as a {@code long} holds, so
   * that timeouts, delays and expiry times computed from it cannot overflow.
   */
  public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  /** The hint shown for a duration longer than {@link #MAX}. */
  public static final String TOO_LONG_HINT =
      "the longest duration allowed is " + format(MAX) + " (about 292 years)";

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** What {@link #read} gives for a duration too long to add up. */
  private static final Duration BEYOND = Duration.ofSeconds(Long.MAX_VALUE);

  private Durations() {}

  /** The duration {@code text} denotes, or empty when it is not one or is longer than MAX. */
  public static Optional<Duration> parse(String text) {
    return Optional.ofNullable(read(text)).filter(d -> d.compareTo(MAX) <= 0);
  }

  /** The hint for {@code value}, a bad duration: how to write one, or the longest allowed. */
  public static String hint(Object value) {
    return value instanceof String text && tooLong(text) ? TOO_LONG_HINT : HINT;
  }

  /** Whether {@code text} is written as a duration but is longer than {@link #MAX}. */
  public static boolean tooLong(String text) {
    Duration duration = read(text);
    return duration != null && duration.compareTo(MAX) > 0;
  }

  /** The duration {@code text} is written as, {@link #BEYOND} when too long, else null. */
  private static Duration read(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Matcher part = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      try {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  default -> Duration.ofDays(amount);
                });
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        total = BEYOND;
      }
      end = part.end();
    }
    return end == text.length() ? total : null;
  }

  /**
   * The shortest manifest spelling of {@code duration}, e.g. {@code 1m30s}, {@code 250ms}, {@code
   * 0s}: the one way Weft prints a duration (never {@code PT1M30S}). Less than a millisecond is
   * dropped.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    StringBuilder text = new StringBuilder();
    long millis = duration.toMillis();
    long[] sizes = {86_400_000, 3_600_000, 60_000, 1000, 1};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis >= sizes[i]) {
        text.append(millis / sizes[i]).append(units[i]);
        millis %= sizes[i];
      }
    }
    return text.isEmpty() ? "0s" : text.toString();
  }
}
