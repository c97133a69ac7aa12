package dev.weft.core;

import java.time.Duration;

/**
 * Reuse of an earlier result with the same input fingerprint.
 *
 * @param key {@code auto} (type, config and inputs) or an expression
 * @param ttl how long a cached result stays usable, or {@code null} for ever
 */
public record CacheSpec(String key, Duration ttl) {}
