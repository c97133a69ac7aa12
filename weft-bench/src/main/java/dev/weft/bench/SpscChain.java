package dev.weft.bench;

import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.SpscArrayQueue;

/**
 * The practical limit for a linear pipeline with a thread per stage: JCTools SPSC queues between
 * five threads, each draining up to 256 messages at a time and parking when idle, woken by its
 * producer once per batch and only when parked. No metrics, no error handling, no lifecycle: what a
 * careful hand-written chain costs.
 */
final class SpscChain {

  private static final int BATCH = 256;

  private SpscChain() {}

  /** One hop: a queue, whether its producer has ended, and who waits on it. */
  private static final class Hop {
    final SpscArrayQueue<Long> queue;
    volatile boolean done;
    volatile Thread parkedConsumer;
    volatile Thread parkedProducer;

    Hop(int capacity) {
      queue = new SpscArrayQueue<>(capacity);
    }

    void put(Long x) {
      while (!queue.offer(x)) {
        parkedProducer = Thread.currentThread();
        if (!queue.offer(x)) {
          wake(parkedConsumer);
          LockSupport.park();
          parkedProducer = null;
          continue;
        }
        parkedProducer = null;
        return;
      }
    }

    void end() {
      done = true;
      wake(parkedConsumer);
    }

    /** Waits for a message or the end; false at the end. */
    boolean await() {
      while (true) {
        boolean ended = done;
        if (!queue.isEmpty()) {
          return true;
        }
        if (ended) {
          return false;
        }
        parkedConsumer = Thread.currentThread();
        if (queue.isEmpty() && !done) {
          LockSupport.park();
        }
        parkedConsumer = null;
      }
    }
  }

  private static void wake(Thread thread) {
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /** Runs {@code count} Longs through three +1 stages and returns their sum. */
  static long run(int count, int buffer) throws InterruptedException {
    Hop[] hops = new Hop[4];
    for (int i = 0; i < hops.length; i++) {
      hops[i] = new Hop(buffer);
    }
    long[] sum = new long[1];
    Thread[] threads = new Thread[5];
    threads[0] =
        Thread.ofPlatform()
            .unstarted(() -> {
              Hop out = hops[0];
              for (long i = 0; i < count; i++) {
                out.put(i);
                if ((i & (BATCH - 1)) == 0) {
                  wake(out.parkedConsumer);
                }
              }
              out.end();
            });
    for (int s = 1; s < 4; s++) {
      Hop in = hops[s - 1];
      Hop out = hops[s];
      threads[s] =
          Thread.ofPlatform()
              .unstarted(() -> {
                while (in.await()) {
                  if (in.queue.drain(x -> out.put(x + 1), BATCH) > 0) {
                    wake(out.parkedConsumer);
                    wake(in.parkedProducer);
                  }
                }
                out.end();
              });
    }
    Hop last = hops[3];
    threads[4] =
        Thread.ofPlatform()
            .unstarted(() -> {
              long[] total = new long[1];
              while (last.await()) {
                if (last.queue.drain(x -> total[0] += x, BATCH) > 0) {
                  wake(last.parkedProducer);
                }
              }
              sum[0] = total[0];
            });
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return sum[0];
  }
}
