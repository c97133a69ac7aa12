package dev.weft.bench.burndown;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An engine in the burn-down: how to store its jobs and watch them from the harness ({@link
 * Client}), and how a worker process runs them ({@link #startWorker}). Every job's code calls
 * {@link Ledger#ran}; a probe job's code calls {@link Ledger#probe}.
 */
public interface Contender {

  /** The name the command line and the report use. */
  String name();

  /** The shapes this engine can run. */
  Set<Shape> shapes();

  /** The databases this engine runs on here. */
  default Set<BenchDatabase.Kind> databases() {
    return EnumSet.allOf(BenchDatabase.Kind.class);
  }

  /**
   * How often an idle worker looks for new jobs: the latency probes are spaced by a random part of
   * it, so that they fall evenly over the engine's polling cycle instead of in step with it.
   */
  Duration idlePoll(WorkerSettings settings);

  /** Opens the harness's side on {@code db}, creating the engine's tables when it must. */
  Client client(BenchDatabase db) throws Exception;

  /** Starts a worker in this process on {@code db}; it runs jobs until closed. */
  AutoCloseable startWorker(BenchDatabase db, WorkerSettings settings) throws Exception;

  /** The harness's side of an engine: storing jobs and reading how far they got. */
  interface Client extends AutoCloseable {

    /** Stores {@code jobs} no-op jobs of {@code shape}, all at once, no worker running. */
    void insert(int jobs, Shape shape) throws Exception;

    /** Whether the database still shows a job of the burn-down not done: a cheap query. */
    boolean pending() throws Exception;

    /** How many jobs of the burn-down the database shows done. */
    long done() throws Exception;

    /**
     * What the database shows wrong at the end, in words: a job run more than once, failed, left
     * behind. Empty when all is well, or when the engine keeps nothing to check.
     */
    List<String> problems(int jobs) throws Exception;

    /**
     * Submits probe job {@code n} for the latency measurement and returns the key its code will
     * pass to {@link Ledger#probe}.
     */
    long submitProbe(int n) throws Exception;

    @Override
    void close();
  }

  /**
   * How the harness tunes a worker, beyond each peer's own best settings.
   *
   * @param weftConcurrency tasks a Weft worker runs at once
   * @param weftPollMillis the longest a Weft worker waits between looks for work
   */
  record WorkerSettings(int weftConcurrency, long weftPollMillis) {}

  /** The contenders by name. */
  static List<Contender> all() {
    return List.of(new WeftContender(), new DbSchedulerContender(), new JobRunrContender());
  }
}
