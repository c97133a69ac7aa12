package dev.weft.tasks;

import java.util.Locale;

/** Where a task stands. */
public enum TaskStatus {
  PENDING,
  READY,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** Not run because a required dependency failed. */
  UPSTREAM_FAILED;

  /** The name shown to users, e.g. {@code upstream-failed}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the task has ended and will not change again. */
  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == UPSTREAM_FAILED;
  }
}
