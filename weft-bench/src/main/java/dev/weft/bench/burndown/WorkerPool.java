package dev.weft.bench.burndown;

import java.time.Duration;

/**
 * The workers of one burn-down, as the harness drives them: started together, watched, asked for
 * probe starts, stopped, and their ledgers gathered.
 */
interface WorkerPool extends AutoCloseable {

  /** Waits until every worker has started its engine; fails when one died or the time ran out. */
  void awaitReady(Duration timeout) throws Exception;

  /** Fails, saying why, when a worker has died. */
  void checkAlive() throws Exception;

  /** The CPU seconds the workers have used so far, or NaN when they share the harness's JVM. */
  double cpuSeconds();

  /** When probe {@code key}'s code started, in epoch microseconds. */
  long awaitProbe(long key, Duration timeout) throws Exception;

  /** Stops every worker and returns the ids of the jobs they ran, every run of each. */
  long[] stop() throws Exception;

  /** Ends whatever still runs. */
  @Override
  void close();
}
