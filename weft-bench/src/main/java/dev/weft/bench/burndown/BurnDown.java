package dev.weft.bench.burndown;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The durable-tasks burn-down: Weft against db-scheduler and JobRunr, on the same database server
 * and machine, with the same JVM flags. For each engine, database and worker count (and each of
 * Weft's shapes), it stores the jobs with no worker running (timed apart), starts the worker
 * processes, times until the database shows every job done, reads the machine's CPU time around
 * that, checks every job ran exactly once, then times submit-to-start of single jobs on the idle
 * workers. It prints a table with each Weft row's ratios to the best peer, or JSON.
 *
 * <p>Run: {@code ./mvnw -B -q -pl weft-bench -am package -DskipTests && java -cp
 * weft-bench/target/benchmarks.jar dev.weft.bench.burndown.BurnDown --engine weft,db-scheduler
 * --workers 1,4}; {@code --help} lists the options, {@code weft-bench/burndown.sh} runs the whole
 * comparison. Exits 0 when every check passed, 1 when one failed, 2 on a bad command line, 3 when a
 * burn-down could not run.
 */
public final class BurnDown {

  private BurnDown() {}

  /** Runs the burn-downs {@code args} ask for. */
  public static void main(String[] args) throws InterruptedException {
    BurnDownOptions options;
    try {
      options = BurnDownOptions.parse(args);
    } catch (BurnDownOptions.Invalid e) {
      boolean help = e.getMessage().equals(BurnDownOptions.USAGE);
      (help ? System.out : System.err)
          .println(help ? e.getMessage() : "burn-down: " + e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    List<Trial> trials;
    try {
      trials = trials(options);
    } catch (BurnDownOptions.Invalid e) {
      System.err.println("burn-down: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<TrialResult> results = new ArrayList<>();
    for (Trial trial : trials) {
      try {
        results.add(trial.run());
      } catch (InterruptedException e) {
        throw e;
      } catch (SQLException e) {
        System.err.println(
            "burn-down: " + trial.label() + ": the database refused: " + e.getMessage());
        System.exit(3);
      } catch (TrialFailed | TimeoutException e) {
        System.err.println("burn-down: " + trial.label() + " failed: " + e.getMessage());
        System.exit(3);
      } catch (Exception e) {
        System.err.println("burn-down: " + trial.label() + " failed unexpectedly:");
        e.printStackTrace();
        System.exit(3);
      }
    }
    Report report = new Report(results);
    System.out.println(options.json() ? report.json(settings(options)) : report.table());
    System.exit(results.stream().allMatch(TrialResult::ok) ? 0 : 1);
  }

  /** Every combination the options ask for, peers once per database and worker count. */
  static List<Trial> trials(BurnDownOptions options) throws BurnDownOptions.Invalid {
    Trial.Settings settings =
        new Trial.Settings(
            options.jobs(),
            options.samples(),
            options.adminUrl(),
            options.jvmFlags(),
            new Contender.WorkerSettings(options.weftConcurrency(), options.weftPoll().toMillis()),
            options.inProcess(),
            options.timeout(),
            note -> System.err.println("burn-down: " + note));
    List<Trial> trials = new ArrayList<>();
    for (BenchDatabase.Kind db : options.databases()) {
      for (int workers : options.workers()) {
        for (Contender contender : Contender.all()) {
          if (!options.engines().contains(contender.name())) {
            continue;
          }
          if (!contender.databases().contains(db)) {
            if (options.engines().size() == 1 && options.databases().size() == 1) {
              throw new BurnDownOptions.Invalid(
                  "--db: "
                      + contender.name()
                      + " does not run on "
                      + db.label()
                      + " here\n  hint: --db "
                      + contender.databases().iterator().next().label());
            }
            continue; // left out of this database's rows
          }
          List<Shape> shapes =
              options.shapes().stream().filter(contender.shapes()::contains).toList();
          for (Shape shape : shapes.isEmpty() ? List.of(Shape.NONE) : shapes) {
            trials.add(new Trial(contender, db, workers, shape, settings));
          }
        }
      }
    }
    return trials;
  }

  private static Map<String, Object> settings(BurnDownOptions options) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("jobs", options.jobs());
    s.put("samples", options.samples());
    s.put("jvmFlags", options.jvmFlags());
    s.put("weftConcurrency", options.weftConcurrency());
    s.put("weftPollMillis", options.weftPoll().toMillis());
    s.put(
        "dbScheduler",
        Map.of(
            "threads",
            DbSchedulerContender.THREADS,
            "pool",
            DbSchedulerContender.POOL,
            "pollingMillis",
            DbSchedulerContender.POLLING.toMillis(),
            "polling",
            "lock-and-fetch 1.0, 3.0"));
    s.put(
        "jobRunr",
        Map.of(
            "workers", JobRunrContender.WORKERS,
            "pool", JobRunrContender.POOL,
            "pollMillis", JobRunrContender.POLL.toMillis()));
    s.put("cpus", Runtime.getRuntime().availableProcessors());
    s.put("inProcess", options.inProcess());
    return s;
  }
}
