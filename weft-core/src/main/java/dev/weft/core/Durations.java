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

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} denotes, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
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
        return Optional.empty();
      }
      end = part.end();
    }
    return end == text.length() ? Optional.of(total) : Optional.empty();
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
