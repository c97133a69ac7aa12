package dev.weft.bench.burndown;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** The probe starts workers have reported, by key, for the harness to wait on. */
final class Probes implements Ledger.ProbeListener {

  private final Map<Long, Long> started = new HashMap<>();

  @Override
  public synchronized void started(long key, long epochMicros) {
    started.put(key, epochMicros);
    notifyAll();
  }

  /** When probe {@code key}'s code started (epoch microseconds), waiting up to {@code timeout}. */
  synchronized long await(long key, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!started.containsKey(key)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(
            "probe " + key + " did not start within " + timeout.toSeconds() + " s");
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return started.remove(key);
  }
}
