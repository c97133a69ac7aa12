package dev.weft.bench.burndown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The burn-down harness, small: Weft on SQLite with one worker in this JVM, and its checks. */
class BurnDownTest {

  @Test
  void burnsDownAWideRunOnSqliteAndChecksEveryJobRanOnce() throws Exception {
    List<String> notes = new ArrayList<>();
    Trial.Settings settings =
        new Trial.Settings(
            200,
            3,
            "jdbc:postgresql://unused",
            List.of(),
            new Contender.WorkerSettings(16, 20),
            true,
            Duration.ofMinutes(1),
            notes::add);
    TrialResult result =
        new Trial(new WeftContender(), BenchDatabase.Kind.SQLITE, 1, Shape.WIDE, settings).run();

    assertThat(result.problems()).isEmpty();
    assertThat(result.jobs()).isEqualTo(200);
    assertThat(result.jobsPerSecond()).isPositive();
    assertThat(result.latency().samples()).isEqualTo(3);
    assertThat(result.latency().p50Millis()).isPositive();
    assertThat(notes).anyMatch(n -> n.contains("burnt down"));
    String table = new Report(List.of(result)).table();
    assertThat(table).contains("weft", "sqlite", "wide", "ok");
  }

  @Test
  void theLedgerCheckNamesMissingAndRepeatedJobs() {
    assertThat(Trial.ledgerProblems(new long[] {3, 1, 2}, 3)).isEmpty();
    assertThat(Trial.ledgerProblems(new long[] {1, 2, 2, 3, 3, 3}, 3))
        .containsExactly("2 jobs ran more than once (3 extra runs)");
    assertThat(Trial.ledgerProblems(new long[] {1, 2}, 3))
        .containsExactly("the workers ran 2 distinct jobs of 3");
  }

  @Test
  void ratiosCompareWeftWithTheBestPeerOnTheSameDatabaseAndWorkers() {
    TrialResult weft = result("weft", 10, 1.0);
    TrialResult fast = result("db-scheduler", 20, 4.0);
    TrialResult cheap = result("jobrunr", 40, 2.0);
    Report report = new Report(List.of(weft, fast, cheap));
    assertThat(report.speedRatio(weft)).hasValue(2.0); // 10 s against the faster peer's 20 s
    assertThat(report.cpuRatio(weft)).hasValue(0.5);
    assertThat(report.speedRatio(fast)).isEmpty();
  }

  private static TrialResult result(String engine, double seconds, double cpu) {
    return new TrialResult(
        engine, "postgresql", 1, "none", 100_000, 1, 1, seconds, cpu * 100, 1, null, 0, List.of());
  }

  @Test
  void badArgumentsNameTheOptionAndAHint() {
    assertThatThrownBy(() -> BurnDownOptions.parse(new String[] {"--workers", "x"}))
        .hasMessageStartingWith("--workers: 'x' is not a whole number")
        .hasMessageContaining("hint:");
    assertThatThrownBy(() -> BurnDownOptions.parse(new String[] {"--engine", "celery"}))
        .hasMessageContaining("--engine: unknown engine 'celery'")
        .hasMessageContaining("weft, db-scheduler, jobrunr");
    assertThatThrownBy(() -> BurnDownOptions.parse(new String[] {"--shape", "round"}))
        .hasMessageContaining("one of wide, deep, none");
    assertThatThrownBy(() -> BurnDownOptions.parse(new String[] {"--jobs"}))
        .hasMessageContaining("--jobs needs a value");
    assertThatThrownBy(() -> BurnDownOptions.parse(new String[] {"--frobnicate", "1"}))
        .hasMessageContaining("unknown option '--frobnicate'");
    assertThatThrownBy(() -> BurnDown.trials(parse("--engine", "db-scheduler", "--db", "sqlite")))
        .hasMessageContaining("db-scheduler does not run on sqlite")
        .hasMessageContaining("hint: --db postgresql");
  }

  @Test
  void peersRunOnceWithIndependentJobsWhateverWeftsShapes() throws Exception {
    List<Trial> trials =
        BurnDown.trials(parse("--shape", "wide,deep", "--workers", "1,4", "--db", "postgresql"));
    assertThat(trials)
        .extracting(Trial::label)
        .containsExactly(
            "weft on postgresql, 1 worker, wide",
            "weft on postgresql, 1 worker, deep",
            "db-scheduler on postgresql, 1 worker, none",
            "jobrunr on postgresql, 1 worker, none",
            "weft on postgresql, 4 workers, wide",
            "weft on postgresql, 4 workers, deep",
            "db-scheduler on postgresql, 4 workers, none",
            "jobrunr on postgresql, 4 workers, none");
  }

  private static BurnDownOptions parse(String... args) throws BurnDownOptions.Invalid {
    return BurnDownOptions.parse(args);
  }

  @Test
  void machineCpuAddsTheBusyColumnsOfProcStat() {
    assertThat(MachineCpu.busyTicks("cpu  100 5 30 9000 40 2 3 0 0 0")).isEqualTo(140);
  }
}
