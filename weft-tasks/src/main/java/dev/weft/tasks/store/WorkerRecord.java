package dev.weft.tasks.store;

import java.time.Instant;

/**
 * A worker process as registered in the store.
 *
 * @param id unique per worker
 * @param host the machine it runs on
 * @param pid its process id there
 * @param heartbeatAt when it last said it was alive
 */
public record WorkerRecord(String id, String host, long pid, Instant heartbeatAt) {}
