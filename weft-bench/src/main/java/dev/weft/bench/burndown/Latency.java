package dev.weft.bench.burndown;

import java.util.List;

/**
 * Submit-to-start latencies: from just before the harness submits a probe job to the moment the
 * job's code starts in a worker, both read from the machine's wall clock.
 *
 * @param samples how many probes
 * @param p50Millis the median
 * @param p99Millis the 99th percentile (nearest rank: the largest of fewer than 100 samples)
 * @param maxMillis the largest
 */
public record Latency(int samples, double p50Millis, double p99Millis, double maxMillis) {

  /** The percentiles of {@code micros}, which must not be empty. */
  static Latency of(List<Long> micros) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no latency samples");
    }
    return new Latency(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
  }

  /** The nearest-rank percentile {@code p} of {@code sorted}, in milliseconds. */
  private static double rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.clamp(index, 0, sorted.length - 1)] / 1000.0;
  }
}
