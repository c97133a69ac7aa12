package dev.weft.core;

import java.time.Duration;

/**
 * Values every node of a pipeline inherits unless it sets its own.
 *
 * @param retry the retry rule, or {@code null} for none
 * @param timeout the per-attempt timeout, or {@code null} for none
 */
public record Defaults(RetrySpec retry, Duration timeout) {
  /** No defaults. */
  public static final Defaults NONE = new Defaults(null, null);
}
