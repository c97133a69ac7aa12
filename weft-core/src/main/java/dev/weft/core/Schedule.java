package dev.weft.core;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.weft.core.validate.Suggestions;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a pipeline runs by itself: a Unix cron expression (minute, hour, day of month, month, day of
 * week, or a nickname such as {@code @hourly}) read in a time zone.
 *
 * @param cron the cron expression
 * @param zone the time zone the expression is read in, e.g. {@code UTC} or {@code Europe/Paris}
 */
public record Schedule(String cron, String zone) {

  /** The hint shown with a bad expression. */
  public static final String HINT =
      "five fields: minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\" (03:00 daily),"
          + " \"*/15 * * * *\", \"0 9 * * 1-5\"; or @hourly, @daily, @weekly, @monthly, @yearly";

  /** The hint shown with an unknown time zone that resembles no known one. */
  public static final String ZONE_HINT =
      "use a region name such as UTC, Europe/Paris or America/New_York";

  private static final Pattern PARTS = Pattern.compile("contains (\\d+) parts but we expect");

  private static final Pattern BAD_CHARS = Pattern.compile("Invalid chars: (\\S+)");

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /**
   * Checks the expression and the zone.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public Schedule {
    parse(cron);
    zoneId(zone);
  }

  /**
   * Checks a time zone name.
   *
   * @throws IllegalArgumentException when there is no such zone
   */
  public static void checkZone(String zone) {
    zoneId(zone);
  }

  /**
   * The hint for an unknown time zone: the known zone it is likely a misspelling of, or whose city
   * it names ({@code Paris}: {@code Europe/Paris}), else {@link #ZONE_HINT}.
   */
  public static String zoneHint(String zone) {
    if (zone == null) {
      return ZONE_HINT;
    }
    Set<String> known = ZoneId.getAvailableZoneIds();
    return known.stream()
        .filter(id -> id.toLowerCase(Locale.ROOT).endsWith("/" + zone.toLowerCase(Locale.ROOT)))
        .findFirst()
        .or(() -> Suggestions.closest(zone, known))
        .map(id -> "did you mean '" + id + "'?")
        .orElse(ZONE_HINT);
  }

  /** A schedule read in UTC. */
  public static Schedule utc(String cron) {
    return new Schedule(cron, "UTC");
  }

  /** The first time after {@code after} that the schedule fires, if it ever does again. */
  public Optional<Instant> next(Instant after) {
    return ExecutionTime.forCron(parse(cron))
        .nextExecution(ZonedDateTime.ofInstant(after, zoneId(zone)))
        .map(ZonedDateTime::toInstant);
  }

  /** The schedule in words, e.g. "at 03:00". */
  public String describe() {
    return CronDescriptor.instance(Locale.UK).describe(parse(cron))
        + ("UTC".equals(zone) ? " UTC" : " (" + zone + ")");
  }

  private static final Map<String, String> NICKNAMES =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static Cron parse(String cron) {
    if (cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("the cron expression is empty");
    }
    String text = cron.trim();
    try {
      return PARSER.parse(NICKNAMES.getOrDefault(text, text)).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad cron expression '" + cron + "': " + reason(e.getMessage()), e);
    }
  }

  /** The parser's complaint in this project's words where it has its own. */
  private static String reason(String parser) {
    Matcher parts = PARTS.matcher(parser);
    if (parts.find()) {
      int n = Integer.parseInt(parts.group(1));
      return "it has " + n + (n == 1 ? " field" : " fields") + ", a cron expression has five";
    }
    Matcher chars = BAD_CHARS.matcher(parser);
    if (chars.find()) {
      return "'"
          + chars.group(1)
          + "' is not a number, range (1-5), list (1,3), step (*/15) or day or month name";
    }
    return parser.replace("Failed to parse cron expression. ", "");
  }

  private static ZoneId zoneId(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException("unknown time zone '" + zone + "'", e);
    }
  }
}
