package dev.weft.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a pipeline. Fields a runtime does not use are left at their defaults; the task-only
 * ones ({@code priority}, {@code user}, {@code when}, ...) are ignored by the stream runtime.
 *
 * @param id unique within the pipeline
 * @param type the node type's name, looked up in {@link dev.weft.core.spi.NodeTypes}
 * @param after the nodes this one waits for, in manifest order
 * @param with the type's configuration: strings, numbers, booleans, lists and maps
 * @param retry this node's retry rule, or {@code null} to use the pipeline default
 * @param timeout per-attempt timeout, or {@code null} to use the pipeline default
 * @param priority higher runs first among ready tasks
 * @param user who the work is done for (per-user limits), or {@code null}
 * @param when a condition; false gives status skipped; {@code null} means always
 * @param exclusive a key at most one running task may hold, or {@code null}
 * @param limit the name of a limiter with a configured capacity, or {@code null}
 * @param cache result reuse by input fingerprint, or {@code null} for none
 * @param continueOnFailure dependents run even when this node fails
 * @param always runs however its dependencies ended
 * @param tags labels for selecting nodes
 * @param breaker a circuit breaker over the node's messages (stream), or {@code null}
 * @param rate a rate limit on starting the task (tasks), or {@code null}
 * @param isolation runs the node in its own OS process (stream), or {@code null} for a thread
 * @param routing which workers may claim the task, and which claim it first (tasks), or {@code
 *     null} for any worker
 * @param runtime which implementation of {@code type} runs it when several runtimes have one
 *     ({@code java}, {@code python}), or {@code null} for {@code auto}: Java first
 */
public record Node(
    String id,
    String type,
    List<Dependency> after,
    Map<String, Object> with,
    RetrySpec retry,
    Duration timeout,
    int priority,
    String user,
    String when,
    String exclusive,
    String limit,
    CacheSpec cache,
    boolean continueOnFailure,
    boolean always,
    List<String> tags,
    BreakerSpec breaker,
    RateSpec rate,
    IsolationSpec isolation,
    RoutingSpec routing,
    String runtime) {

  public Node {
    // Absent collections (as a compact stored form leaves them) read as empty.
    after = after == null ? List.of() : List.copyOf(after);
    with =
        with == null || with.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(with));
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A builder for a node with this id and type. */
  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  /**
   * A copy with another id, dependencies, config, retry rule and timeout, the rest kept: for tools
   * that rewrite a pipeline (expanding sub-pipelines, resolving paths).
   */
  public Node copy(
      String newId,
      List<Dependency> newAfter,
      Map<String, Object> newWith,
      RetrySpec newRetry,
      Duration newTimeout) {
    return copy(newId, newAfter, newWith, newRetry, newTimeout, cache);
  }

  private Node copy(
      String newId,
      List<Dependency> newAfter,
      Map<String, Object> newWith,
      RetrySpec newRetry,
      Duration newTimeout,
      CacheSpec newCache) {
    return new Node(
        newId,
        type,
        newAfter,
        newWith,
        newRetry,
        newTimeout,
        priority,
        user,
        when,
        exclusive,
        limit,
        newCache,
        continueOnFailure,
        always,
        tags,
        breaker,
        rate,
        isolation,
        routing,
        runtime);
  }

  /** A copy without {@code cache:}. */
  public Node withoutCache() {
    return copy(id, after, with, retry, timeout, null);
  }

  /** The ids of the nodes this one waits for. */
  public List<String> afterIds() {
    return after.stream().map(Dependency::id).toList();
  }

  /** Builds a {@link Node}; every field but id and type is optional. */
  public static final class Builder {
    private final String id;
    private final String type;
    private final List<Dependency> after = new ArrayList<>();
    private final Map<String, Object> with = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private RetrySpec retry;
    private Duration timeout;
    private BreakerSpec breaker;
    private RateSpec rate;
    private IsolationSpec isolation;
    private RoutingSpec routing;
    private String runtime;
    private int priority;
    private String user;
    private String when;
    private String exclusive;
    private String limit;
    private CacheSpec cache;
    private boolean continueOnFailure;
    private boolean always;

    private Builder(String id, String type) {
      this.id = id;
      this.type = type;
    }

    /** Waits for each of these nodes (required dependencies). */
    public Builder after(String... ids) {
      for (String dep : ids) {
        after.add(Dependency.on(dep));
      }
      return this;
    }

    /** Waits for this dependency. */
    public Builder after(Dependency dependency) {
      after.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    /** Sets one configuration value. */
    public Builder with(String key, Object value) {
      with.put(key, value);
      return this;
    }

    /** Sets several configuration values. */
    public Builder with(Map<String, ?> config) {
      with.putAll(config);
      return this;
    }

    public Builder retry(RetrySpec retry) {
      this.retry = retry;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder when(String condition) {
      this.when = condition;
      return this;
    }

    public Builder exclusive(String key) {
      this.exclusive = key;
      return this;
    }

    public Builder limit(String limiter) {
      this.limit = limiter;
      return this;
    }

    public Builder cache(CacheSpec cache) {
      this.cache = cache;
      return this;
    }

    public Builder continueOnFailure(boolean value) {
      this.continueOnFailure = value;
      return this;
    }

    public Builder always(boolean value) {
      this.always = value;
      return this;
    }

    /** A rate limit on starting the task (tasks pipelines). */
    public Builder rate(RateSpec spec) {
      this.rate = spec;
      return this;
    }

    /** A circuit breaker over the node's messages (stream pipelines). */
    public Builder breaker(BreakerSpec spec) {
      this.breaker = spec;
      return this;
    }

    /** Runs the node in its own OS process (stream pipelines). */
    public Builder isolation(IsolationSpec spec) {
      this.isolation = spec;
      return this;
    }

    /** Which workers may claim the task, and which claim it first (tasks pipelines). */
    public Builder routing(RoutingSpec spec) {
      this.routing = spec;
      return this;
    }

    /** Which runtime's implementation of the type runs the node; {@code null} for auto. */
    public Builder runtime(String name) {
      this.runtime = name;
      return this;
    }

    public Builder tags(String... values) {
      tags.addAll(List.of(values));
      return this;
    }

    /** The node. */
    public Node build() {
      return new Node(
          id,
          type,
          after,
          with,
          retry,
          timeout,
          priority,
          user,
          when,
          exclusive,
          limit,
          cache,
          continueOnFailure,
          always,
          tags,
          breaker,
          rate,
          isolation,
          routing,
          runtime);
    }
  }
}
