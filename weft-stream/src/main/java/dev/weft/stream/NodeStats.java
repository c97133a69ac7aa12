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
    long maxMicros) {}
