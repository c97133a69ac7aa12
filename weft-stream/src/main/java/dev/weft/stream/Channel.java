package dev.weft.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One edge: a bounded ring of message references from one producing node to one consuming node.
 * Lock-free for its single producer and single consumer; the indices sit on separate cache lines,
 * and each side caches the other's index, so a busy hop shares a cache line only now and then.
 *
 * <p>Under {@link OverflowPolicy#DROP_OLDEST} the producer may move the read index itself to drop
 * the oldest message; the consumer then takes each message with a compare-and-set, so a message is
 * either consumed or counted as dropped, never both.
 */
final class Channel<T> {

  // Indices in a padded array: HEAD and TAIL are 128 bytes apart, away from the array header.
  private static final int HEAD = 16;
  private static final int TAIL = 32;

  private final String from;
  private final String to;
  private final Object[] slots;
  private final int mask;
  private final int capacity;
  private final OverflowPolicy policy;
  private final AtomicLongArray indices = new AtomicLongArray(48);
  private final AtomicLong dropped = new AtomicLong();
  private final Waiter producer;
  private final Waiter consumer;
  private volatile boolean ended;
  private final boolean signalEach; // a source's edge: its emits have no batches to wait for
  private long producerLimit; // producer only: tail may reach this without reading head
  private long consumerLimit; // consumer only: head may reach this without reading tail

  Channel(
      String from,
      String to,
      int capacity,
      OverflowPolicy policy,
      Waiter producer,
      Waiter consumer,
      boolean signalEach) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "edge " + from + " -> " + to + ": capacity must be at least 1, got " + capacity);
    }
    int size = 2;
    while (size < capacity) {
      size <<= 1;
    }
    this.from = from;
    this.to = to;
    this.slots = new Object[size];
    this.mask = slots.length - 1;
    this.capacity = capacity;
    this.policy = policy;
    this.producer = producer;
    this.consumer = consumer;
    this.signalEach = signalEach;
  }

  String from() {
    return from;
  }

  String to() {
    return to;
  }

  /**
   * Sends a message as the policy says; returns false when it was dropped or the run is being
   * cancelled while waiting for room.
   */
  boolean offer(T message, BooleanSupplier cancelled) {
    long tail = indices.getPlain(TAIL);
    if (tail >= producerLimit) {
      producerLimit = indices.getAcquire(HEAD) + capacity;
      while (tail >= producerLimit) {
        switch (policy) {
          case DROP_NEWEST -> {
            dropped.setRelease(dropped.getPlain() + 1);
            return false;
          }
          case DROP_OLDEST -> {
            long head = producerLimit - capacity;
            if (indices.compareAndSet(HEAD, head, head + 1)) {
              dropped.setRelease(dropped.getPlain() + 1);
            }
          }
          case BLOCK -> {
            consumer.wake();
            producer.await(
                () -> tail < indices.getAcquire(HEAD) + capacity || cancelled.getAsBoolean());
            if (cancelled.getAsBoolean()) {
              return false;
            }
          }
        }
        producerLimit = indices.getAcquire(HEAD) + capacity;
      }
    }
    slots[(int) tail & mask] = message;
    indices.setRelease(TAIL, tail + 1);
    if (signalEach) {
      consumer.wake();
    }
    return true;
  }

  /**
   * Wakes the consumer if it is parked. A node calls it after each batch it handled, so that a busy
   * consumer is woken once per batch rather than once per message.
   */
  void signal() {
    consumer.wake();
  }

  /** Hands up to {@code max} waiting messages, in order, to {@code sink}; returns how many. */
  @SuppressWarnings("unchecked")
  int drain(Consumer<T> sink, int max) {
    if (policy == OverflowPolicy.DROP_OLDEST) {
      return drainRacingTheProducer(sink, max);
    }
    long head = indices.getPlain(HEAD);
    if (head >= consumerLimit) {
      consumerLimit = indices.getAcquire(TAIL);
      if (head >= consumerLimit) {
        return 0;
      }
    }
    int n = (int) Math.min(max, consumerLimit - head);
    for (int i = 0; i < n; i++) {
      int slot = (int) (head + i) & mask;
      T message = (T) slots[slot];
      slots[slot] = null;
      sink.accept(message);
    }
    indices.setRelease(HEAD, head + n);
    producer.wake();
    return n;
  }

  @SuppressWarnings("unchecked")
  private int drainRacingTheProducer(Consumer<T> sink, int max) {
    int n = 0;
    while (n < max) {
      long head = indices.getAcquire(HEAD);
      if (head >= indices.getAcquire(TAIL)) {
        break;
      }
      T message = (T) slots[(int) head & mask];
      if (indices.compareAndSet(HEAD, head, head + 1)) {
        sink.accept(message);
        n++;
      }
    }
    return n;
  }

  /** The producer has sent its last message. */
  void end() {
    ended = true;
    consumer.wake();
  }

  /** Whether a message is waiting. */
  boolean readable() {
    return indices.getAcquire(HEAD) < indices.getAcquire(TAIL);
  }

  /** Whether the producer has ended and every message was taken. */
  boolean drained() {
    return ended && !readable();
  }

  /** Messages waiting now. */
  int depth() {
    return (int) Math.max(0, indices.getAcquire(TAIL) - indices.getAcquire(HEAD));
  }

  /** Messages dropped by the policy so far. */
  long dropped() {
    return dropped.get();
  }
}
