package dev.weft.core;

import java.time.Duration;

/**
 * A circuit breaker as a manifest sets it: after {@code failures} consecutive failures, no attempts
 * for {@code open}, then one probe decides.
 *
 * @param failures consecutive failures that open it
 * @param open how long it stays open
 */
public record BreakerSpec(int failures, Duration open) {}
