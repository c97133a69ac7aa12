package dev.weft.bench.burndown;

import java.util.Locale;

/**
 * How the jobs of a burn-down depend on each other. Only Weft runs dependencies; the peers are job
 * queues and always run {@link #NONE}.
 */
public enum Shape {
  /** One start, the other jobs in parallel after it, one join after them all. */
  WIDE,
  /** A chain: each job waits for the one before. */
  DEEP,
  /** Independent jobs. */
  NONE;

  /** The name the command line uses. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
