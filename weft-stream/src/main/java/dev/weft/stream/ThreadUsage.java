package dev.weft.stream;

import java.lang.management.ManagementFactory;

/**
 * The bytes a node's thread has allocated on the heap and the CPU time it has used, from the JVM's
 * per-thread counters ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}). Read
 * by id while the thread runs; the thread leaves its final figures on {@link #ended()}, since a
 * finished thread has no counters. -1 where the JVM does not count.
 */
final class ThreadUsage {

  private static final com.sun.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;

  private volatile long threadId = -1;
  private volatile long finalAllocated = -1;
  private volatile long finalCpu = -1;
  private volatile boolean ended;

  /** Called on the node's thread as it starts. */
  void started() {
    threadId = Thread.currentThread().threadId();
  }

  /** Called on the node's thread as it ends: keeps its final figures. */
  void ended() {
    if (THREADS != null) {
      finalAllocated = THREADS.getCurrentThreadAllocatedBytes();
      finalCpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
    ended = true;
  }

  /** Bytes allocated so far, or -1. */
  long allocatedBytes() {
    long id = threadId;
    if (ended || THREADS == null || id < 0) {
      return finalAllocated;
    }
    long bytes = THREADS.getThreadAllocatedBytes(id);
    return bytes >= 0 ? bytes : finalAllocated;
  }

  /** CPU nanoseconds used so far, or -1. */
  long cpuNanos() {
    long id = threadId;
    if (ended || THREADS == null || id < 0 || !THREADS.isThreadCpuTimeSupported()) {
      return finalCpu;
    }
    long nanos = THREADS.getThreadCpuTime(id);
    return nanos >= 0 ? nanos : finalCpu;
  }
}
