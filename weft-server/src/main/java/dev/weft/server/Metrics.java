package dev.weft.server;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@code GET /metrics} shows, in Prometheus' text format: tasks by status, the queue (ready
 * tasks), runs that have not ended, workers, and JSON-RPC calls and HTTP requests with their
 * latency. The store's figures are read when scraped.
 */
final class Metrics implements JsonRpc.Observer {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  Metrics(TaskStore store) {
    for (TaskStatus status : TaskStatus.values()) {
      Gauge.builder("weft.tasks", store, s -> safe(() -> s.countTasks(null, status, null)))
          .description("Tasks (runs excluded) by status")
          .tag("status", status.display())
          .register(registry);
    }
    Gauge.builder(
            "weft.queue.depth", store, s -> safe(() -> s.countTasks(null, TaskStatus.READY, null)))
        .description("Tasks ready and waiting for a worker")
        .register(registry);
    Gauge.builder("weft.runs.active", store, s -> safe(() -> s.countRuns(null, TaskStatus.RUNNING)))
        .description("Runs that have not ended")
        .register(registry);
    Gauge.builder("weft.workers", store, s -> safe(() -> s.workers().size()))
        .description("Workers registered in the store")
        .register(registry);
    Gauge.builder(
            "weft.workers.running",
            store,
            s -> safe(() -> s.workers().stream().mapToInt(w -> w.running()).sum()))
        .description("Tasks the registered workers say they run")
        .register(registry);
  }

  private static double safe(java.util.function.IntSupplier read) {
    try {
      return read.getAsInt();
    } catch (RuntimeException e) {
      return Double.NaN; // the store is unreachable: readiness says so
    }
  }

  @Override
  public void called(String method, String outcome, long nanos) {
    Counter.builder("weft.rpc.calls")
        .description("JSON-RPC calls by method and outcome")
        .tag("method", method)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("weft.rpc.call.duration")
        .description("JSON-RPC call latency")
        .tag("method", method)
        .publishPercentileHistogram(false)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void request(String path, int status, Duration took) {
    Timer.builder("weft.http.requests")
        .description("HTTP requests by path and status")
        .tag("path", path)
        .tag("status", String.valueOf(status))
        .register(registry)
        .record(took);
  }

  String scrape() {
    return registry.scrape();
  }
}
