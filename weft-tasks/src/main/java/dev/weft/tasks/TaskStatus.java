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
  UPSTREAM_FAILED,
  /** Not run because its condition was false, or a required dependency was skipped. */
  SKIPPED,
  /** A run whose only failures were of continue-on-failure tasks. */
  SUCCEEDED_WITH_FAILURES;

  /** The name shown to users, e.g. {@code upstream-failed}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the task has ended and will not change again. */
  public boolean ended() {
    return this != PENDING && this != READY && this != RUNNING;
  }
}
