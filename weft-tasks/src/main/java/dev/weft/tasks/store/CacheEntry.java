package dev.weft.tasks.store;

import java.time.Instant;

/**
 * A result kept for reuse.
 *
 * @param fingerprint what a task must hash to, to reuse it
 * @param taskId the task that computed it
 * @param nodeId that task's node
 * @param type that task's node type
 * @param resultJson the result
 * @param createdAt when it was kept
 * @param expiresAt when it stops being reused, or {@code null} for never
 */
public record CacheEntry(
    String fingerprint,
    long taskId,
    String nodeId,
    String type,
    String resultJson,
    Instant createdAt,
    Instant expiresAt) {}
