package dev.weft.tasks;

import dev.weft.core.Durations;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.expr.Expression;
import dev.weft.core.expr.ExpressionException;
import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.policy.RetryDecision;
import dev.weft.core.policy.RetryPolicy;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one attempt of a claimed task on the calling thread and says how it ended: its condition,
 * its cached result, its timeout, its type's circuit breaker, and its retry rule.
 */
final class AttemptRunner implements AutoCloseable {

  private final WorkQueue store;
  private final NodeTypes types;
  private final EngineOptions options;
  private final StoredRuns runs;
  private final Reports reports;
  private final String workerId;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("weft-timeouts").factory());
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  AttemptRunner(
      WorkQueue store,
      NodeTypes types,
      EngineOptions options,
      StoredRuns runs,
      Reports reports,
      String workerId) {
    this.store = store;
    this.types = types;
    this.options = options;
    this.runs = runs;
    this.reports = reports;
    this.workerId = workerId;
  }

  /**
   * Runs {@code task} and queues its outcome in {@code inFlight}, whatever happens; the attempt's
   * span (when tracing) covers it all.
   */
  void execute(ClaimedTask task, InFlight inFlight) {
    Outcome outcome;
    inFlight.running(task.id());
    Tracing.AttemptSpan span = Tracing.AttemptSpan.NONE;
    try {
      StoredRuns.StoredRun run = runs.get(task.rootId());
      span = options.tracing().attempt(run.trace(), task, workerId);
      outcome = attempt(task, run, span.headers());
    } catch (RuntimeException | Error unexpected) {
      outcome = new Outcome.Failed(task, "weft: " + describe(unexpected), null);
    }
    endSpan(span, outcome);
    inFlight.ended(task.id(), outcome);
  }

  private static void endSpan(Tracing.AttemptSpan span, Outcome outcome) {
    switch (outcome) {
      case Outcome.Succeeded s -> span.end("succeeded", null);
      case Outcome.Cached c -> span.end("cached", null);
      case Outcome.Skipped s -> span.end("skipped", null);
      case Outcome.Retry r -> span.end("retry", r.error());
      case Outcome.Failed f -> span.end("failed", f.error());
    }
  }

  private Outcome attempt(
      ClaimedTask task, StoredRuns.StoredRun run, Map<String, String> traceHeaders) {
    Pipeline pipeline = run.pipeline();
    Node node = run.nodes().get(task.nodeId());
    if (node == null) {
      throw new IllegalStateException("node " + task.nodeId() + " is not in the stored pipeline");
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    task.inputs().forEach((id, json) -> inputs.put(id, Json.read(json)));
    if (node.tasks().when() != null) {
      String unmet = unmetCondition(node, pipeline, inputs, task);
      if (unmet != null) {
        return new Outcome.Skipped(task, unmet);
      }
    }
    Outcome.Keep keep = null;
    if (node.tasks().cache() != null) {
      String fingerprint = fingerprint(node, pipeline, inputs, task);
      Optional<CacheEntry> hit = store.cached(fingerprint, now());
      if (hit.isPresent()) {
        return new Outcome.Cached(task, hit.get().resultJson(), hit.get().taskId());
      }
      keep = new Outcome.Keep(fingerprint, node.tasks().cache().ttl());
    }
    Duration timeout =
        firstOf(
            node.tasks().timeout(), pipeline.defaults().timeout(), options.fallbacks().timeout());
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread worker = Thread.currentThread();
    ScheduledFuture<?> alarm =
        timeout == null
            ? null
            : timer.schedule(
                () -> {
                  timedOut.set(true);
                  worker.interrupt();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    try {
      Object result = call(task, node, pipeline, inputs, traceHeaders);
      return new Outcome.Succeeded(task, Json.write(result), keep);
    } catch (TaskSkipped skip) {
      return new Outcome.Skipped(task, skip.getMessage());
    } catch (Exception e) {
      String error = timedOut.get() ? "timed out after " + Durations.format(timeout) : describe(e);
      return afterFailure(
          task, node, pipeline, timedOut.get() ? new TimeoutError(error) : e, error);
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
      Thread.interrupted(); // an alarm that fired late must not leak into the next task
    }
  }

  /** Calls the node's executor, through its type's circuit breaker. */
  private Object call(
      ClaimedTask task,
      Node node,
      Pipeline pipeline,
      Map<String, Object> inputs,
      Map<String, String> traceHeaders)
      throws Exception {
    TaskExecutor executor =
        types
            .find(node.type(), TaskNodeType.class)
            .orElseThrow(() -> new IllegalStateException(unknownType(node.type())))
            .create(node);
    CircuitBreaker breaker = breakerFor(node.type());
    if (breaker != null && !breaker.tryAcquire()) {
      throw new CircuitOpenException(
          "the circuit breaker for type '" + node.type() + "' is open after repeated failures");
    }
    Object result;
    try {
      result =
          executor.execute(
              new TaskContext(
                  task.rootId(),
                  task.id(),
                  node,
                  inputs,
                  task.attempt(),
                  pipeline.params(),
                  reports.reporter(task),
                  missing(node, inputs),
                  traceHeaders));
    } catch (TaskSkipped skip) {
      if (breaker != null) {
        breaker.onSuccess(); // the type worked: it decided not to run
      }
      throw skip;
    } catch (Exception e) {
      if (breaker != null) {
        breaker.onFailure();
      }
      throw e;
    }
    if (breaker != null) {
      breaker.onSuccess();
    }
    return result;
  }

  private static String unknownType(String type) {
    // code-first modules have types "module:PIPELINE/ID" (dev.weft.tasks.code)
    if (type.startsWith("module:")) {
      return "module '"
          + type.substring(type.indexOf('/') + 1)
          + "' of pipeline '"
          + type.substring("module:".length(), type.indexOf('/'))
          + "' is not registered in this application: register the pipeline, with the same"
          + " module ids, before resuming its runs";
    }
    return "no task node type '" + type + "' on the class path";
  }

  /**
   * Why the node's {@code when:} condition keeps it from running, or {@code null} when it is true.
   * It reads {@code params}, {@code results} (of the dependencies that succeeded) and {@code
   * status} (of every dependency, e.g. {@code status.lint == "failed"}).
   */
  private static String unmetCondition(
      Node node, Pipeline pipeline, Map<String, Object> inputs, ClaimedTask task) {
    Map<String, Object> vars =
        Map.of("params", pipeline.params(), "results", inputs, "status", statuses(task));
    try {
      return Expression.parse(node.tasks().when()).test(vars)
          ? null
          : "condition is false: " + node.tasks().when();
    } catch (ExpressionException e) {
      throw new IllegalArgumentException(
          "condition '" + node.tasks().when() + "': " + e.getMessage(), e);
    }
  }

  private static String fingerprint(
      Node node, Pipeline pipeline, Map<String, Object> inputs, ClaimedTask task) {
    return Fingerprints.of(node, pipeline.params(), task.inputs(), inputs, statuses(task));
  }

  private static Map<String, Object> statuses(ClaimedTask task) {
    Map<String, Object> statuses = new LinkedHashMap<>();
    task.upstream().forEach((id, status) -> statuses.put(id, status.display()));
    return statuses;
  }

  private static Set<String> missing(Node node, Map<String, Object> inputs) {
    Set<String> missing = new LinkedHashSet<>(node.afterIds());
    missing.removeAll(inputs.keySet());
    return missing;
  }

  /** The breaker of a task type, or {@code null} when breakers are off. */
  private CircuitBreaker breakerFor(String type) {
    EngineOptions.Breaker settings = options.breaker();
    if (settings == null) {
      return null;
    }
    return breakers.computeIfAbsent(
        type, t -> new CircuitBreaker(settings.failures(), settings.open(), options.clock()));
  }

  /** An attempt refused because its type's circuit breaker is open; the retry rule applies. */
  private static final class CircuitOpenException extends Exception {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message) {
      super(message);
    }
  }

  /** Marks a failure caused by a timeout, for retry-on matching ({@code on: [timeout]}). */
  private static final class TimeoutError extends TimeoutException {
    private static final long serialVersionUID = 1L;

    TimeoutError(String message) {
      super(message);
    }
  }

  private Outcome afterFailure(
      ClaimedTask task, Node node, Pipeline pipeline, Exception error, String message) {
    RetrySpec spec =
        firstOf(node.retry(), pipeline.defaults().retry(), options.fallbacks().retry());
    RetryPolicy policy = spec == null ? RetryPolicy.NONE : spec.toPolicy();
    Instant now = now();
    Instant first = task.roundStartedAt() == null ? now : task.roundStartedAt();
    boolean timedOut = error instanceof TimeoutError;
    return switch (policy.decide(task.roundAttempt(), error, first, now)) {
      case RetryDecision.Retry(Duration delay) ->
          new Outcome.Retry(task, message, now.plus(delay), timedOut);
      case RetryDecision.GiveUp(String reason) ->
          new Outcome.Failed(task, message, spec == null ? null : reason, timedOut);
    };
  }

  /** The node's setting, else the pipeline's default, else the worker's (config file). */
  static <T> T firstOf(T node, T pipeline, T worker) {
    return node != null ? node : pipeline != null ? pipeline : worker;
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private Instant now() {
    return options.clock().instant();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
