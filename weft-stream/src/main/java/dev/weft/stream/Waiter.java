package dev.weft.stream;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a node's thread waits for messages or for room: it spins a little (a hop on another core
 * usually delivers within it), yields, then parks; the other side unparks it only when it is
 * parked, so a busy pipeline pays no system call per message.
 */
final class Waiter {

  // Short: with more busy stages than cores, a spinning thread burns the time its producer needs.
  private static final int SPINS = 50;
  private static final int YIELDS = 2;
  private static final long PARK_NANOS = 1_000_000; // a missed wake-up costs at most this

  private volatile Thread parked;

  /** Waits until {@code ready} holds. */
  void await(BooleanSupplier ready) {
    for (int i = 0; i < SPINS; i++) {
      if (ready.getAsBoolean()) {
        return;
      }
      Thread.onSpinWait();
    }
    for (int i = 0; i < YIELDS; i++) {
      if (ready.getAsBoolean()) {
        return;
      }
      Thread.yield();
    }
    while (!ready.getAsBoolean()) {
      parked = Thread.currentThread();
      if (!ready.getAsBoolean()) { // checked again after announcing, so no wake-up is lost
        LockSupport.parkNanos(this, PARK_NANOS);
      }
      parked = null;
    }
  }

  /** Wakes the waiting thread if it is parked. */
  void wake() {
    Thread thread = parked;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }
}
