package dev.weft.bench.burndown;

/**
 * The methods JobRunr's jobs call: JobRunr stores a job as a call to a static method with its
 * arguments and makes that call in a worker.
 */
public final class JobRunrJobs {

  private JobRunrJobs() {}

  /** A burn-down job. */
  public static void noop(long id) {
    Ledger.ran(id);
  }

  /** A latency probe. */
  public static void probe(long key) {
    Ledger.probe(key);
  }
}
