package dev.weft.core;

import java.util.Objects;

/**
 * An edge {@code id -> dependent}: the dependent waits for node {@code id}.
 *
 * @param id the node waited for
 * @param required when false, a failed or skipped {@code id} does not block the dependent
 */
public record Dependency(String id, boolean required) {
  public Dependency {
    Objects.requireNonNull(id, "id");
  }

  /** A required dependency on {@code id}. */
  public static Dependency on(String id) {
    return new Dependency(id, true);
  }

  /** An optional dependency on {@code id}. */
  public static Dependency optional(String id) {
    return new Dependency(id, false);
  }
}
