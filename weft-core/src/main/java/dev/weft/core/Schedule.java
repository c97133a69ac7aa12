package dev.weft.core;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
      String reason = e.getMessage().replace("Failed to parse cron expression. ", "");
      throw new IllegalArgumentException("bad cron expression '" + cron + "': " + reason, e);
    }
  }

  private static ZoneId zoneId(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException("unknown time zone '" + zone + "'", e);
    }
  }
}
