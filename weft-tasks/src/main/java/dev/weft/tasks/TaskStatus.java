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
  /** Not run: an earlier task's result with the same fingerprint was reused. */
  CACHED,
  /** A run whose only failures were of continue-on-failure tasks. */
  SUCCEEDED_WITH_FAILURES;

  /** The name shown to users, e.g. {@code upstream-failed}. */
  public String display() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the task has a result its dependents can use: it succeeded, or reused one. */
  public boolean succeeded() {
    return this == SUCCEEDED || this == CACHED;
  }

  /** Whether the task has ended and will not change again. */
  public boolean ended() {
    return this != PENDING && this != READY && this != RUNNING;
  }
}
