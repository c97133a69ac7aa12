package dev.weft.core;

import java.util.Objects;

/**
 * An edge {@code id -> dependent}: the dependent waits for node {@code id} (tasks) or reads its
 * messages (stream).
 *
 * @param id the node waited for, or read
 * @param required when false, a failed or skipped {@code id} does not block the dependent (tasks)
 * @param capacity messages the edge holds, or {@code null} for the default (stream)
 * @param policy {@code block}, {@code drop-oldest} or {@code drop-newest} when the edge is full, or
 *     {@code null} for block (stream)
 * @param output {@code errors} to read the messages {@code id} gave up on instead of its output, or
 *     {@code null} (stream)
 */
public record Dependency(
    String id, boolean required, Integer capacity, String policy, String output) {

  /** The edge policies of stream pipelines. */
  public static final java.util.List<String> POLICIES =
      java.util.List.of("block", "drop-oldest", "drop-newest");

  public Dependency {
    Objects.requireNonNull(id, "id");
  }

  /** A dependency with default edge options. */
  public Dependency(String id, boolean required) {
    this(id, required, null, null, null);
  }

  /** A required dependency on {@code id}. */
  public static Dependency on(String id) {
    return new Dependency(id, true);
  }

  /** An optional dependency on {@code id}. */
  public static Dependency optional(String id) {
    return new Dependency(id, false);
  }

  /** Whether this edge reads the failed messages of {@code id}. */
  public boolean readsErrors() {
    return "errors".equals(output);
  }
}
