package dev.weft.stream;

/**
 * A node's counters at one moment.
 *
 * @param nodeId the node
 * @param role {@code source}, {@code transform} or {@code sink}
 * @param in messages taken from its inputs
 * @param out messages it emitted
 * @param dropped messages its input edges dropped (drop-oldest or drop-newest)
 * @param errors messages it gave up on
 * @param retries attempts it repeated
 * @param queueDepth messages waiting on its inputs
 * @param p50Micros median processing time per message, in microseconds
 * @param p99Micros 99th percentile of it
 * @param maxMicros the longest
 * @param pid the OS process the node's work runs in when that is not the pipeline's own ({@code
 *     isolation: process}, Python nodes), else 0
 * @param rssBytes that process's resident memory (sampled, the last sample once it has ended), else
 *     0
 * @param cpuMillis CPU time used: that process's, else the node's thread's; -1 where not counted
 * @param allocatedBytes heap bytes the node's thread has allocated (the JVM's per-thread allocation
 *     counter); -1 where not counted
 */
public record NodeStats(
    String nodeId,
    String role,
    long in,
    long out,
    long dropped,
    long errors,
    long retries,
    int queueDepth,
    long p50Micros,
    long p99Micros,
    long maxMicros,
    long pid,
    long rssBytes,
    long cpuMillis,
    long allocatedBytes) {}
