package dev.weft.tasks.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A worker process as registered in the store.
 *
 * @param id unique per worker
 * @param host the machine it runs on
 * @param pid its process id there
 * @param startedAt when it registered
 * @param heartbeatAt when it last said it was alive
 * @param draining whether it was asked to stop claiming and leave (it does at its next heartbeat)
 * @param concurrency how many tasks it runs at once
 * @param running how many it ran at its last heartbeat
 * @param lease how long its claims last without a heartbeat
 * @param version the Weft version it runs, or {@code null}
 * @param labels what it serves: tasks that {@code require} labels go only to workers having them
 */
public record WorkerRecord(
    String id,
    String host,
    long pid,
    Instant startedAt,
    Instant heartbeatAt,
    boolean draining,
    int concurrency,
    int running,
    Duration lease,
    String version,
    List<String> labels) {

  public WorkerRecord {
    labels = List.copyOf(new TreeSet<>(labels == null ? List.of() : labels));
  }

  /** A worker that has just registered: active, nothing running yet. */
  public static WorkerRecord starting(
      String id,
      String host,
      long pid,
      Instant now,
      int concurrency,
      Duration lease,
      String version) {
    return new WorkerRecord(
        id, host, pid, now, now, false, concurrency, 0, lease, version, List.of());
  }

  /** The same worker serving {@code served} labels. */
  public WorkerRecord withLabels(Collection<String> served) {
    return new WorkerRecord(
        id,
        host,
        pid,
        startedAt,
        heartbeatAt,
        draining,
        concurrency,
        running,
        lease,
        version,
        List.copyOf(served));
  }

  /** Whether its last heartbeat is older than its lease at {@code now}: it is gone or stuck. */
  public boolean lost(Instant now) {
    return heartbeatAt.plus(lease).isBefore(now);
  }

  /** active, draining or lost, as {@code weft workers list} says it. */
  public String status(Instant now) {
    return lost(now) ? "lost" : draining ? "draining" : "active";
  }
}
