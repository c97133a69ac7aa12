package dev.weft.core;

import java.time.Duration;

/**
 * The options of a node of a {@code kind: tasks} pipeline, as its manifest section sets them (see
 * docs/manifest.md). A new task option is a component here, a line in the manifest's tasks section
 * reader, and the code that acts on it.
 *
 * @param timeout per-attempt timeout, or {@code null} to use the pipeline default
 * @param priority higher runs first among ready tasks
 * @param user who the work is done for (per-user limits), or {@code null}
 * @param when a condition; false gives status skipped; {@code null} means always
 * @param exclusive a key at most one running task may hold, or {@code null}
 * @param limit the name of a limiter with a configured capacity, or {@code null}
 * @param cache result reuse by input fingerprint, or {@code null} for none
 * @param continueOnFailure dependents run even when this node fails
 * @param always runs however its dependencies ended
 * @param rate a rate limit on starting the task, or {@code null}
 * @param routing which workers may claim the task, and which claim it first, or {@code null} for
 *     any worker
 */
public record TaskOptions(
    Duration timeout,
    int priority,
    String user,
    String when,
    String exclusive,
    String limit,
    CacheSpec cache,
    boolean continueOnFailure,
    boolean always,
    RateSpec rate,
    RoutingSpec routing) {

  /** No options set. */
  public static final TaskOptions NONE =
      new TaskOptions(null, 0, null, null, null, null, null, false, false, null, null);

  /** A builder starting from no options. */
  public static Builder builder() {
    return NONE.toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link TaskOptions}; each setter is the manifest field of the same name. */
  public static final class Builder {
    private Duration timeout;
    private int priority;
    private String user;
    private String when;
    private String exclusive;
    private String limit;
    private CacheSpec cache;
    private boolean continueOnFailure;
    private boolean always;
    private RateSpec rate;
    private RoutingSpec routing;

    private Builder(TaskOptions from) {
      timeout = from.timeout;
      priority = from.priority;
      user = from.user;
      when = from.when;
      exclusive = from.exclusive;
      limit = from.limit;
      cache = from.cache;
      continueOnFailure = from.continueOnFailure;
      always = from.always;
      rate = from.rate;
      routing = from.routing;
    }

    /** {@code timeout:} */
    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    /** {@code priority:} */
    public Builder priority(int value) {
      priority = value;
      return this;
    }

    /** {@code user:} */
    public Builder user(String value) {
      user = value;
      return this;
    }

    /** {@code when:} */
    public Builder when(String condition) {
      when = condition;
      return this;
    }

    /** {@code exclusive:} */
    public Builder exclusive(String key) {
      exclusive = key;
      return this;
    }

    /** {@code limit:} */
    public Builder limit(String limiter) {
      limit = limiter;
      return this;
    }

    /** {@code cache:} */
    public Builder cache(CacheSpec spec) {
      cache = spec;
      return this;
    }

    /** {@code continue-on-failure:} */
    public Builder continueOnFailure(boolean value) {
      continueOnFailure = value;
      return this;
    }

    /** {@code always:} */
    public Builder always(boolean value) {
      always = value;
      return this;
    }

    /** {@code rate:} */
    public Builder rate(RateSpec spec) {
      rate = spec;
      return this;
    }

    /** {@code require:} and {@code prefer:} */
    public Builder routing(RoutingSpec spec) {
      routing = spec;
      return this;
    }

    /** The options. */
    public TaskOptions build() {
      return new TaskOptions(
          timeout,
          priority,
          user,
          when,
          exclusive,
          limit,
          cache,
          continueOnFailure,
          always,
          rate,
          routing);
    }
  }
}
