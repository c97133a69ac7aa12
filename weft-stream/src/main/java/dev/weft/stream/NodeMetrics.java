package dev.weft.stream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters of one node. Only the node's own thread writes them (ordered writes, no locks or
 * read-modify-write), so counting costs a few nanoseconds per message; any thread may read them.
 * Processing time is recorded per batch, as the batch's mean per message, into an HdrHistogram
 * recorder: two clock reads per batch of up to 256 messages rather than per message.
 */
final class NodeMetrics {

  private final String nodeId;
  private final String role;
  private final AtomicLong in = new AtomicLong();
  private final AtomicLong out = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Recorder recorder = new Recorder(3);
  private final Histogram micros = new Histogram(3);
  private final ThreadUsage thread = new ThreadUsage();
  private final ProcessBacked process;
  private List<Channel<?>> inputs = List.of();

  /**
   * @param process where the node's work runs when in another process, else {@code null}
   */
  NodeMetrics(String nodeId, String role, ProcessBacked process) {
    this.nodeId = nodeId;
    this.role = role;
    this.process = process;
  }

  /** The node's thread: {@link ThreadUsage#started()} and {@link ThreadUsage#ended()} on it. */
  ThreadUsage thread() {
    return thread;
  }

  void inputs(List<Channel<?>> channels) {
    this.inputs = List.copyOf(channels);
  }

  void received(int n) {
    in.setRelease(in.getPlain() + n);
  }

  void emitted() {
    out.setRelease(out.getPlain() + 1);
  }

  void failed() {
    errors.setRelease(errors.getPlain() + 1);
  }

  void retried() {
    retries.setRelease(retries.getPlain() + 1);
  }

  /** Records {@code n} messages handled in {@code nanos}. */
  void processed(int n, long nanos) {
    if (n > 0) {
      recorder.recordValueWithCount(Math.max(0, nanos / n / 1000), n);
    }
  }

  /** The counters now. */
  synchronized NodeStats snapshot() {
    micros.add(recorder.getIntervalHistogram());
    long dropped = 0;
    int depth = 0;
    for (Channel<?> channel : inputs) {
      dropped += channel.dropped();
      depth += channel.depth();
    }
    ProcessUsage usage = process == null ? null : process.usage();
    long cpuNanos = usage != null ? usage.cpuNanos() : thread.cpuNanos();
    return new NodeStats(
        nodeId,
        role,
        in.get(),
        out.get(),
        dropped,
        errors.get(),
        retries.get(),
        depth,
        micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(50),
        micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(99),
        micros.getMaxValue(),
        usage == null ? 0 : usage.pid(),
        usage == null ? 0 : usage.rssBytes(),
        cpuNanos < 0 ? -1 : cpuNanos / 1_000_000,
        thread.allocatedBytes());
  }
}
