package dev.weft.bench.burndown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Workers in the harness's own JVM: for a quick check of the harness itself (the smoke test, {@code
 * --in-process}), not for figures, since they share the harness's heap and CPU.
 */
final class InProcessWorkers implements WorkerPool {

  private final List<AutoCloseable> workers = new ArrayList<>();
  private final Probes probes = new Probes();

  InProcessWorkers(
      Contender contender, BenchDatabase db, Contender.WorkerSettings settings, int count)
      throws Exception {
    Ledger.drain();
    Ledger.onProbe(probes);
    for (int i = 0; i < count; i++) {
      workers.add(contender.startWorker(db, settings));
    }
  }

  @Override
  public void awaitReady(Duration timeout) {
    // Started in the constructor.
  }

  @Override
  public void checkAlive() {
    // A worker in this JVM fails the harness itself.
  }

  @Override
  public double cpuSeconds() {
    return Double.NaN;
  }

  @Override
  public long awaitProbe(long key, Duration timeout) throws Exception {
    return probes.await(key, timeout);
  }

  @Override
  public long[] stop() throws Exception {
    for (AutoCloseable worker : workers) {
      worker.close();
    }
    workers.clear();
    return Ledger.drain();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("a worker did not stop: " + e.getMessage(), e);
    }
  }
}
