package dev.weft.bench.burndown;

import dev.weft.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The burn-down's command line. Options that take a list take it comma-separated ({@code --engine
 * weft,jobrunr --workers 1,4}); every combination runs.
 *
 * @param engines the contenders, by name
 * @param databases the databases
 * @param workers worker process counts
 * @param shapes Weft's shapes (the peers always run independent jobs)
 * @param jobs jobs per burn-down
 * @param samples latency probes per burn-down
 * @param json print one JSON document instead of the table
 * @param adminUrl a JDBC URL to an existing PostgreSQL database, to create the benchmark's from
 * @param heap the workers' heap ({@code -Xms} and {@code -Xmx})
 * @param weftConcurrency tasks a Weft worker runs at once
 * @param weftPoll the longest a Weft worker waits between looks for work
 * @param inProcess run the workers in this JVM (a check of the harness, not for figures)
 * @param timeout the longest one burn-down may take
 */
public record BurnDownOptions(
    List<String> engines,
    List<BenchDatabase.Kind> databases,
    List<Integer> workers,
    List<Shape> shapes,
    int jobs,
    int samples,
    boolean json,
    String adminUrl,
    String heap,
    int weftConcurrency,
    Duration weftPoll,
    boolean inProcess,
    Duration timeout) {

  /** A command line that cannot run: the message names the option and says what would. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static final String USAGE =
      """
      Usage: java -cp weft-bench/target/benchmarks.jar dev.weft.bench.burndown.BurnDown [options]

      Burns down no-op jobs: stores them with no worker running (timed apart), starts worker
      processes and times until the database shows every job done. Lists are comma-separated;
      every combination runs.

        --engine LIST     weft, db-scheduler, jobrunr (default: all three)
        --db LIST         postgresql, sqlite (default: postgresql)
        --workers LIST    worker processes, e.g. 1,4 (default: 1)
        --jobs N          jobs per burn-down (default: 100000)
        --shape LIST      Weft's dependencies: wide, deep, none (default: wide); peers run none
        --samples N       submit-to-start probes on the idle workers afterwards (default: 20; 0: none),
                          once the database is vacuumed as autovacuum would within a minute;
                          probing stops after 45 s once 5 are in
        --json            one JSON document on stdout instead of the table
        --postgres URL    JDBC URL of an existing database to create the benchmark's from
                          (default: jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
        --heap SIZE       the workers' -Xms and -Xmx (default: 2g)
        --weft-concurrency N   tasks a Weft worker runs at once (default: 64)
        --weft-poll DURATION   a Weft worker's longest wait between looks for work (default: 1s,
                          Weft's default), e.g. 10ms
        --timeout DURATION     the longest one burn-down may take (default: 15m)
        --in-process      workers in this JVM: checks the harness, not for figures
        --help            this text
      """;

  /** The options of {@code args}. */
  public static BurnDownOptions parse(String[] args) throws Invalid {
    List<String> engines = List.of("weft", "db-scheduler", "jobrunr");
    List<BenchDatabase.Kind> databases = List.of(BenchDatabase.Kind.POSTGRESQL);
    List<Integer> workers = List.of(1);
    List<Shape> shapes = List.of(Shape.WIDE);
    int jobs = 100_000;
    int samples = 20;
    boolean json = false;
    String adminUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    String heap = "2g";
    int weftConcurrency = 64;
    Duration weftPoll = Duration.ofSeconds(1);
    boolean inProcess = false;
    Duration timeout = Duration.ofMinutes(15);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--json" -> json = true;
        case "--in-process" -> inProcess = true;
        case "--help", "-h" -> throw new Invalid(USAGE);
        default -> {
          if (i + 1 >= args.length || !option.startsWith("--")) {
            throw new Invalid(
                option.startsWith("--") && known(option)
                    ? option + " needs a value\n  hint: see --help"
                    : "unknown option '" + option + "'\n  hint: see --help for the options");
          }
          String value = args[++i];
          switch (option) {
            case "--engine" -> engines = list(option, value, v -> engine(option, v));
            case "--db" -> databases = list(option, value, v -> database(option, v));
            case "--workers" -> workers = list(option, value, v -> positive(option, v));
            case "--shape" -> shapes = list(option, value, v -> shape(option, v));
            case "--jobs" -> jobs = positive(option, value);
            case "--samples" -> samples = count(option, value);
            case "--postgres" -> adminUrl = postgres(option, value);
            case "--heap" -> heap = heap(option, value);
            case "--weft-concurrency" -> weftConcurrency = positive(option, value);
            case "--weft-poll" -> weftPoll = duration(option, value);
            case "--timeout" -> timeout = duration(option, value);
            default ->
                throw new Invalid(
                    "unknown option '" + option + "'\n  hint: see --help for the options");
          }
        }
      }
    }
    return new BurnDownOptions(
        engines,
        databases,
        workers,
        shapes,
        jobs,
        samples,
        json,
        adminUrl,
        heap,
        weftConcurrency,
        weftPoll,
        inProcess,
        timeout);
  }

  private static boolean known(String option) {
    return USAGE.contains(option + " ");
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parse(String value) throws Invalid;
  }

  private static <T> List<T> list(String option, String value, Parser<T> item) throws Invalid {
    Set<T> items = new LinkedHashSet<>();
    for (String v : value.split(",", -1)) {
      if (v.isBlank()) {
        throw new Invalid(
            option + ": empty item in '" + value + "'\n  hint: e.g. " + option + " 1,4");
      }
      items.add(item.parse(v.trim()));
    }
    return new ArrayList<>(items);
  }

  private static String engine(String option, String value) throws Invalid {
    List<String> names = Contender.all().stream().map(Contender::name).toList();
    if (!names.contains(value)) {
      throw new Invalid(
          option + ": unknown engine '" + value + "'\n  hint: one of " + String.join(", ", names));
    }
    return value;
  }

  private static BenchDatabase.Kind database(String option, String value) throws Invalid {
    return named(option, value, BenchDatabase.Kind.values(), BenchDatabase.Kind::label);
  }

  private static Shape shape(String option, String value) throws Invalid {
    return named(option, value, Shape.values(), Shape::label);
  }

  private static <E> E named(String option, String value, E[] values, Function<E, String> label)
      throws Invalid {
    for (E e : values) {
      if (label.apply(e).equals(value.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new Invalid(
        option
            + ": unknown value '"
            + value
            + "'\n  hint: one of "
            + List.of(values).stream().map(label).collect(Collectors.joining(", ")));
  }

  private static int positive(String option, String value) throws Invalid {
    int n = count(option, value);
    if (n < 1) {
      throw new Invalid(
          option + ": must be at least 1, got " + value + "\n  hint: e.g. " + option + " 4");
    }
    return n;
  }

  private static int count(String option, String value) throws Invalid {
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Invalid(
          option + ": '" + value + "' is not a whole number\n  hint: e.g. " + option + " 100000");
    }
  }

  private static String postgres(String option, String value) throws Invalid {
    if (!value.startsWith("jdbc:postgresql://")) {
      throw new Invalid(
          option
              + ": '"
              + value
              + "' is not a PostgreSQL JDBC URL\n  hint: e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }
    return value;
  }

  private static String heap(String option, String value) throws Invalid {
    if (!value.matches("[0-9]+[kKmMgG]")) {
      throw new Invalid(option + ": '" + value + "' is not a heap size\n  hint: e.g. 2g or 512m");
    }
    return value;
  }

  private static Duration duration(String option, String value) throws Invalid {
    Duration d = Durations.parse(value).orElse(Duration.ZERO);
    if (d.isNegative() || d.isZero()) {
      throw new Invalid(
          option + ": '" + value + "' is not a positive duration\n  hint: " + Durations.HINT);
    }
    return d;
  }

  /** The worker processes' JVM flags: the same for every engine. */
  public List<String> jvmFlags() {
    return List.of(
        "-Xms" + heap,
        "-Xmx" + heap,
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow");
  }
}
