package dev.weft.core;

import java.time.Duration;

/**
 * Values every node of a pipeline inherits unless it sets its own, and the run's own timeout.
 *
 * @param retry the retry rule, or {@code null} for none
 * @param timeout the per-attempt timeout, or {@code null} for none
 * @param runTimeout how long a run may take before it is cancelled (tasks), or {@code null}
 */
public record Defaults(RetrySpec retry, Duration timeout, Duration runTimeout) {
  /** No defaults. */
  public static final Defaults NONE = new Defaults(null, null, null);

  /** Defaults without a run timeout. */
  public Defaults(RetrySpec retry, Duration timeout) {
    this(retry, timeout, null);
  }
}
