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
 * @param types the task types it can run
 * @param load its process's CPU and heap at its last heartbeat
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
    List<String> labels,
    List<String> types,
    Load load) {

  /**
   * A worker process's use of the machine.
   *
   * @param cpu its share of the machine's CPU, from 0 to 1, or -1 when unknown
   * @param heapBytes the heap it uses, or -1 when unknown
   */
  public record Load(double cpu, long heapBytes) {
    /** Nothing measured yet. */
    public static final Load UNKNOWN = new Load(-1, -1);

    /** This process's load now. */
    public static Load ofThisProcess() {
      double cpu =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getProcessCpuLoad()
              : -1;
      Runtime runtime = Runtime.getRuntime();
      return new Load(cpu, runtime.totalMemory() - runtime.freeMemory());
    }
  }

  public WorkerRecord {
    labels = List.copyOf(new TreeSet<>(labels == null ? List.of() : labels));
    types = List.copyOf(new TreeSet<>(types == null ? List.of() : types));
    load = load == null ? Load.UNKNOWN : load;
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
        id, host, pid, now, now, false, concurrency, 0, lease, version, null, null, null);
  }

  /** The same worker serving {@code served} labels and able to run {@code runs} task types. */
  public WorkerRecord serving(Collection<String> served, Collection<String> runs) {
    return with(List.copyOf(served), List.copyOf(runs), load);
  }

  /** The same worker with this load. */
  public WorkerRecord withLoad(Load now) {
    return with(labels, types, now);
  }

  private WorkerRecord with(List<String> served, List<String> runs, Load now) {
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
        served,
        runs,
        now);
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
