package dev.weft.tasks.code;

import dev.weft.core.Durations;
import dev.weft.core.RetrySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one module, set fluently where annotations cannot reach (lambdas, settings that
 * differ per pipeline); each means what the manifest field of the same name means, and both forms
 * go through the manifest's own reader. Settings given here add to the class's annotations, and
 * replace them where both set one value.
 */
public final class ModuleSettings {

  /** A dependency as written: a module class or a handle, resolved when the pipeline is built. */
  record Ref(Object target, boolean required) {
    String name() {
      return target instanceof Class<?> c ? c.getSimpleName() : ((Handle<?>) target).id();
    }
  }

  final List<Ref> after = new ArrayList<>();
  final Map<String, Object> fields = new LinkedHashMap<>();
  final List<String> runIf = new ArrayList<>();
  final List<String> skipIf = new ArrayList<>();
  final List<Condition> runIfCode = new ArrayList<>();
  final List<Condition> skipIfCode = new ArrayList<>();
  final List<String> problems = new ArrayList<>(); // "message|hint", found reading annotations

  ModuleSettings() {}

  /** Waits for these (required dependencies). */
  public ModuleSettings after(Handle<?>... handles) {
    for (Handle<?> handle : handles) {
      after.add(new Ref(Objects.requireNonNull(handle, "handle"), true));
    }
    return this;
  }

  /** Waits for these module classes (required dependencies). */
  @SafeVarargs
  public final ModuleSettings after(Class<? extends Module<?>>... modules) {
    for (Class<? extends Module<?>> module : modules) {
      after.add(new Ref(Objects.requireNonNull(module, "module"), true));
    }
    return this;
  }

  /** Waits for {@code handle}, but runs even when it fails or is skipped. */
  public ModuleSettings optional(Handle<?> handle) {
    after.add(new Ref(Objects.requireNonNull(handle, "handle"), false));
    return this;
  }

  /** Waits for {@code module}, but runs even when it fails or is skipped. */
  public ModuleSettings optional(Class<? extends Module<?>> module) {
    after.add(new Ref(Objects.requireNonNull(module, "module"), false));
    return this;
  }

  /** The retry rule ({@code retry:}). */
  public ModuleSettings retry(RetrySpec spec) {
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("attempts", spec.attempts());
    retry.put("backoff", spec.backoff().manifestName());
    retry.put("initial", duration(spec.initial()));
    if (spec.max() != null) {
      retry.put("max", duration(spec.max()));
    }
    retry.put("multiplier", spec.multiplier());
    retry.put("jitter", spec.jitter());
    if (spec.maxTime() != null) {
      retry.put("max-time", duration(spec.maxTime()));
    }
    if (!spec.on().isEmpty()) {
      retry.put("on", spec.on());
    }
    fields.put("retry", retry);
    return this;
  }

  /** The per-attempt timeout ({@code timeout:}). */
  public ModuleSettings timeout(Duration timeout) {
    fields.put("timeout", duration(timeout));
    return this;
  }

  /** Higher runs first among ready tasks ({@code priority:}). */
  public ModuleSettings priority(int priority) {
    fields.put("priority", priority);
    return this;
  }

  /** Who the work is for, for per-user limits ({@code user:}). */
  public ModuleSettings user(String user) {
    fields.put("user", user);
    return this;
  }

  /** At most one running task holds {@code key} ({@code exclusive:}). */
  public ModuleSettings exclusive(String key) {
    fields.put("exclusive", key);
    return this;
  }

  /** Runs under the named limiter ({@code limit:}). */
  public ModuleSettings limit(String limiter) {
    fields.put("limit", limiter);
    return this;
  }

  /** Reuses a result with the same inputs for {@code ttl} ({@code null}: for ever). */
  public ModuleSettings cache(Duration ttl) {
    return cache("auto", ttl);
  }

  /** Reuses a result with the same key, an expression or {@code auto} ({@code cache:}). */
  public ModuleSettings cache(String key, Duration ttl) {
    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("key", key);
    if (ttl != null) {
      cache.put("ttl", duration(ttl));
    }
    fields.put("cache", cache);
    return this;
  }

  /** Runs however its dependencies ended ({@code always: true}). */
  public ModuleSettings always() {
    fields.put("always", true);
    return this;
  }

  /** Dependents run even when this module fails ({@code continue-on-failure: true}). */
  public ModuleSettings continueOnFailure() {
    fields.put("continue-on-failure", true);
    return this;
  }

  /** Labels for selecting modules ({@code tags:}). */
  public ModuleSettings tags(String... tags) {
    fields.put("tags", List.of(tags));
    return this;
  }

  /** Runs only when the expression holds, exactly as {@code when:}. */
  public ModuleSettings runIf(String expression) {
    runIf.add(expression);
    return this;
  }

  /** Is skipped when the expression holds: {@code when: !(expression)}. */
  public ModuleSettings skipIf(String expression) {
    skipIf.add(expression);
    return this;
  }

  /** Runs only when {@code condition} holds, tested when the task starts. */
  public ModuleSettings runIf(Condition condition) {
    runIfCode.add(Objects.requireNonNull(condition, "condition"));
    return this;
  }

  /** Is skipped when {@code condition} holds, tested when the task starts. */
  public ModuleSettings skipIf(Condition condition) {
    skipIfCode.add(Objects.requireNonNull(condition, "condition"));
    return this;
  }

  void problem(String message, String hint) {
    problems.add(message + "|" + (hint == null ? "" : hint));
  }

  /** The manifest's {@code when:} for the expressions given, or {@code null} for none. */
  String when() {
    List<String> parts = new ArrayList<>();
    runIf.forEach(e -> parts.add("(" + e + ")"));
    skipIf.forEach(e -> parts.add("!(" + e + ")"));
    return parts.isEmpty() ? null : String.join(" && ", parts);
  }

  static String duration(Duration duration) {
    return Durations.format(duration);
  }
}
