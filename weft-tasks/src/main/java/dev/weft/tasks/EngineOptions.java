package dev.weft.tasks;

import dev.weft.tasks.store.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TaskEngine} works.
 *
 * @param concurrency tasks run at once by this engine
 * @param lease how long a claim holds without a heartbeat; a dead worker's tasks are taken over
 *     after this (at once when it was a process on this machine)
 * @param poll the longest wait between looks for work, when nothing wakes the engine sooner
 * @param clock the time source; the default (the system clock) is set to the database's clock at
 *     each heartbeat, so that workers on machines whose clocks differ agree on leases
 * @param limits caps on running tasks across every worker of the store, enforced when claiming
 * @param aging a ready task gains one priority step for each such span it has waited
 * @param breaker a circuit breaker per task type in this process, or {@code null} for none
 * @param fallbacks the attempt and run timeouts (and retry rule) of pipelines that set none
 * @param labels what this worker serves: tasks that {@code require} labels run only on workers
 *     having them, and those that {@code prefer} labels go to such workers first
 * @param eventRetention how long the store's event log keeps an event; older ones are pruned at
 *     heartbeats
 * @param tracing where runs and attempts are recorded as trace spans ({@link Tracing#NONE}:
 *     nowhere)
 * @param batchWindow after starting the tasks of a claim, how long the engine waits for those of
 *     them still running to end before it writes outcomes, so that short tasks claimed together are
 *     recorded in one transaction rather than one for every few; a task's code never waits for it,
 *     only the writing of the outcomes of tasks that ended meanwhile (and so the release of their
 *     dependents) does, by the window at most ({@link Duration#ZERO}: no wait)
 */
public record EngineOptions(
    int concurrency,
    Duration lease,
    Duration poll,
    Clock clock,
    Limits limits,
    Duration aging,
    Breaker breaker,
    dev.weft.core.Defaults fallbacks,
    java.util.List<String> labels,
    Duration eventRetention,
    Tracing tracing,
    Duration batchWindow) {

  /**
   * Circuit-breaker settings: after {@code failures} consecutive failed attempts of one task type,
   * its attempts are refused for {@code open} (they fail at once and their retry rule applies),
   * then one probe decides.
   */
  public record Breaker(int failures, Duration open) {}

  public EngineOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(aging, "aging");
    fallbacks = fallbacks == null ? dev.weft.core.Defaults.NONE : fallbacks;
    labels = labels == null ? java.util.List.of() : java.util.List.copyOf(labels);
    Objects.requireNonNull(eventRetention, "eventRetention");
    if (eventRetention.isNegative() || eventRetention.isZero()) {
      throw new IllegalArgumentException("event retention must be positive, got " + eventRetention);
    }
    tracing = tracing == null ? Tracing.NONE : tracing;
    Objects.requireNonNull(batchWindow, "batchWindow");
    if (batchWindow.isNegative()) {
      throw new IllegalArgumentException("batch window must not be negative, got " + batchWindow);
    }
  }

  /**
   * 8 tasks at once, 30 s leases, 1 s polling, the system clock, no limits, aging by a minute, no
   * circuit breakers, no fallback timeouts, no labels, events kept 7 days, a batch window of 1 ms.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(
        8,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Clock.systemUTC(),
        Limits.NONE,
        Duration.ofMinutes(1),
        null,
        dev.weft.core.Defaults.NONE,
        java.util.List.of(),
        Duration.ofDays(7),
        Tracing.NONE,
        Duration.ofMillis(1));
  }

  /** The same options with another concurrency. */
  public EngineOptions withConcurrency(int tasks) {
    return with(d -> d.concurrency = tasks);
  }

  /**
   * The same options with another lease: how long a claimed task stays this worker's without a
   * heartbeat (heartbeats come three times a lease).
   */
  public EngineOptions withLease(Duration claim) {
    return with(d -> d.lease = claim);
  }

  /** The same options with these limits. */
  public EngineOptions withLimits(Limits caps) {
    return with(d -> d.limits = caps);
  }

  /** The same options with another time source. */
  public EngineOptions withClock(Clock time) {
    return with(d -> d.clock = time);
  }

  /** The same options with these defaults for pipelines that set none. */
  public EngineOptions withDefaults(dev.weft.core.Defaults fallback) {
    return with(d -> d.fallbacks = fallback);
  }

  /** The same options with another longest wait between looks for work. */
  public EngineOptions withPoll(Duration interval) {
    return with(d -> d.poll = interval);
  }

  /** The same options serving these worker labels. */
  public EngineOptions withLabels(java.util.List<String> served) {
    return with(d -> d.labels = served);
  }

  /** The same options keeping events of the store's log for {@code retention}. */
  public EngineOptions withEventRetention(Duration retention) {
    return with(d -> d.eventRetention = retention);
  }

  /** The same options with a circuit breaker per task type. */
  public EngineOptions withBreaker(Breaker settings) {
    return with(d -> d.breaker = settings);
  }

  /** The same options recording runs and attempts as trace spans in {@code spans}. */
  public EngineOptions withTracing(Tracing spans) {
    return with(d -> d.tracing = spans);
  }

  /** The same options with another {@link #batchWindow}. */
  public EngineOptions withBatchWindow(Duration window) {
    return with(d -> d.batchWindow = window);
  }

  /** These options with {@code change} made to a copy of them. */
  private EngineOptions with(java.util.function.Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.options();
  }

  /** The options as fields a wither changes. */
  private static final class Draft {
    int concurrency;
    Duration lease;
    Duration poll;
    Clock clock;
    Limits limits;
    Duration aging;
    Breaker breaker;
    dev.weft.core.Defaults fallbacks;
    java.util.List<String> labels;
    Duration eventRetention;
    Tracing tracing;
    Duration batchWindow;

    Draft(EngineOptions o) {
      concurrency = o.concurrency;
      lease = o.lease;
      poll = o.poll;
      clock = o.clock;
      limits = o.limits;
      aging = o.aging;
      breaker = o.breaker;
      fallbacks = o.fallbacks;
      labels = o.labels;
      eventRetention = o.eventRetention;
      tracing = o.tracing;
      batchWindow = o.batchWindow;
    }

    EngineOptions options() {
      return new EngineOptions(
          concurrency,
          lease,
          poll,
          clock,
          limits,
          aging,
          breaker,
          fallbacks,
          labels,
          eventRetention,
          tracing,
          batchWindow);
    }
  }
}
