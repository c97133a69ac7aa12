package dev.weft.bench.burndown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One burn-down of one engine on one database: a fresh database, the jobs stored with no worker
 * running (timed apart), the workers started and timed until the database shows every job done, the
 * machine's CPU time read around that, the results checked (the database's count, and each job run
 * exactly once by the workers' ledgers), then submit-to-start probes on the idle workers. The
 * database is dropped at the end, whatever happened.
 *
 * @param contender the engine
 * @param kind the database
 * @param workers how many workers
 * @param shape the jobs' dependencies
 * @param settings the harness's settings
 */
record Trial(
    Contender contender, BenchDatabase.Kind kind, int workers, Shape shape, Settings settings) {

  /**
   * What every trial of one command shares.
   *
   * @param jobs jobs per burn-down
   * @param samples latency probes per trial (0: none)
   * @param adminUrl a JDBC URL to an existing PostgreSQL database, to create others from
   * @param jvmFlags the worker processes' JVM flags
   * @param worker how workers are tuned
   * @param inProcess workers in the harness's JVM instead of processes
   * @param timeout the longest a burn-down may take
   * @param progress where notes on progress go
   */
  record Settings(
      int jobs,
      int samples,
      String adminUrl,
      List<String> jvmFlags,
      Contender.WorkerSettings worker,
      boolean inProcess,
      Duration timeout,
      Consumer<String> progress) {}

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Probing stops after this long, once {@link #MIN_PROBES} are in: an engine that polls every few
   * seconds takes that long per probe.
   */
  private static final Duration PROBE_BUDGET = Duration.ofSeconds(45);

  private static final int MIN_PROBES = 5;

  /** Probes run first and not counted, at most this many and for at most this long. */
  private static final int WARMUP_PROBES = 300;

  private static final Duration WARMUP_BUDGET = Duration.ofSeconds(15);
  private static final int WARMUP_KEYS = 1_000_000; // their keys, apart from the counted ones'

  /** The label of this trial in progress notes. */
  String label() {
    return contender.name()
        + " on "
        + kind.label()
        + ", "
        + workers
        + (workers == 1 ? " worker, " : " workers, ")
        + shape.label();
  }

  TrialResult run() throws Exception {
    MachineCpu cpu = MachineCpu.open();
    double load = loadAverage();
    BenchDatabase db =
        BenchDatabase.create(kind, settings.adminUrl(), contender.name() + "_" + kind.label());
    Path dir = Files.createTempDirectory("weft-burndown");
    // Stopped by Ctrl-C or a signal: the workers stop when their standard input closes; the
    // database and the folder go here.
    Thread cleanUp = Thread.ofPlatform().unstarted(() -> cleanUp(db, dir));
    Runtime.getRuntime().addShutdownHook(cleanUp);
    try (Contender.Client client = contender.client(db)) {
      int jobs = settings.jobs();
      say("storing " + jobs + " jobs");
      long t0 = System.nanoTime();
      client.insert(jobs, shape);
      double insert = seconds(t0);
      say(String.format("stored in %.2f s; starting the workers", insert));
      double cpu0 = cpu.busySeconds();
      long s0 = System.nanoTime();
      try (WorkerPool pool = workers(db, dir)) {
        pool.awaitReady(Duration.ofSeconds(120));
        double startup = seconds(s0);
        long deadline = s0 + settings.timeout().toNanos();
        while (client.pending()) {
          pool.checkAlive();
          if (System.nanoTime() > deadline) {
            throw new TrialFailed(
                "the burn-down took longer than "
                    + settings.timeout().toSeconds()
                    + " s ("
                    + client.done()
                    + " of "
                    + jobs
                    + " done); raise --timeout");
          }
          Thread.sleep(10);
        }
        double burnDown = seconds(s0);
        double cpu1 = cpu.busySeconds();
        double workerCpu = pool.cpuSeconds();
        say(String.format("burnt down in %.2f s (workers up after %.2f s)", burnDown, startup));
        List<String> problems = new ArrayList<>(client.problems(jobs));
        long done = client.done();
        if (done != jobs) {
          problems.add("the database shows " + done + " of " + jobs + " jobs done");
        }
        Latency latency = null;
        if (settings.samples() > 0) {
          db.settle(); // probes measure an idle cluster, not one still clearing up after the burst
          latency = probe(client, pool);
        }
        problems.addAll(ledgerProblems(pool.stop(), jobs));
        return new TrialResult(
            contender.name(),
            kind.label(),
            workers,
            shape.label(),
            jobs,
            insert,
            startup,
            burnDown,
            cpu1 - cpu0,
            workerCpu,
            latency,
            load,
            problems);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException shuttingDown) {
        return null; // the hook cleans up
      }
      db.drop(settings.adminUrl());
      delete(dir);
    }
  }

  private void cleanUp(BenchDatabase db, Path dir) {
    try {
      db.drop(settings.adminUrl());
      delete(dir);
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("burn-down: could not remove " + db.name() + ": " + e.getMessage());
    }
  }

  private WorkerPool workers(BenchDatabase db, Path dir) throws Exception {
    return settings.inProcess()
        ? new InProcessWorkers(contender, db, settings.worker(), workers)
        : new ProcessWorkers(contender, db, settings.worker(), workers, settings.jvmFlags(), dir);
  }

  /**
   * Submits probes one at a time, each after a pause that lets the workers go idle: 10 ms and a
   * random part of the engine's polling interval, so that the probes fall evenly over its polling
   * cycle (with a fixed pause they would fall in step with it, always just after or just before a
   * look). Times each from just before its submission to its code's start.
   */
  private Latency probe(Contender.Client client, WorkerPool pool) throws Exception {
    say("probing submit-to-start latency, " + settings.samples() + " probes");
    Random random = new Random(42);
    List<Long> micros = new ArrayList<>();
    long poll = Math.max(1, contender.idlePoll(settings.worker()).toMillis());
    // Not counted: the submitting side's code ran only for the burn-down's bulk submission and
    // starts out interpreted, as a service submitting all day never is. Back to back, up to a
    // count or a time, so an engine that polls every few seconds gets a few.
    long warmEnd = System.nanoTime() + WARMUP_BUDGET.toNanos();
    for (int i = 0; i < WARMUP_PROBES && System.nanoTime() < warmEnd; i++) {
      pool.awaitProbe(client.submitProbe(WARMUP_KEYS + i), PROBE_TIMEOUT);
    }
    Thread.sleep(500);
    long budgetEnd = System.nanoTime() + PROBE_BUDGET.toNanos();
    for (int i = 0; i < settings.samples(); i++) {
      if (i >= MIN_PROBES && System.nanoTime() > budgetEnd) {
        say("probed " + i + " times in " + PROBE_BUDGET.toSeconds() + " s; stopping there");
        break;
      }
      Thread.sleep(10 + random.nextLong(poll));
      long sent = Ledger.epochMicros(Instant.now());
      long key = client.submitProbe(i);
      micros.add(pool.awaitProbe(key, PROBE_TIMEOUT) - sent);
    }
    return Latency.of(micros);
  }

  /** What the workers' ledgers show wrong: jobs that never ran, or ran more than once. */
  static List<String> ledgerProblems(long[] ran, int jobs) {
    long[] sorted = ran.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    int repeated = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i + 1;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      distinct++;
      repeated += j - i > 1 ? 1 : 0;
      i = j;
    }
    List<String> problems = new ArrayList<>();
    if (repeated > 0) {
      problems.add(
          repeated + " jobs ran more than once (" + (sorted.length - distinct) + " extra runs)");
    }
    if (distinct != jobs) {
      problems.add("the workers ran " + distinct + " distinct jobs of " + jobs);
    }
    return problems;
  }

  private void say(String note) {
    settings.progress().accept(label() + ": " + note);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
