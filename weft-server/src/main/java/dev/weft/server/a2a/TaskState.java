package dev.weft.server.a2a;

import java.util.Locale;

/** An A2A task's state, and the one each Weft run status maps to (docs/a2a.md). */
enum TaskState {
  SUBMITTED,
  WORKING,
  COMPLETED,
  FAILED,
  CANCELED,
  INPUT_REQUIRED,
  REJECTED,
  AUTH_REQUIRED;

  /** Whether a task in this state changes no more. */
  boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == REJECTED;
  }

  /** The state of a run in this status ({@code running}, {@code succeeded}, ...). */
  static TaskState ofRun(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "pending", "ready" -> SUBMITTED;
      case "running" -> WORKING;
      case "succeeded", "succeeded-with-failures", "cached", "skipped" -> COMPLETED;
      case "cancelled" -> CANCELED;
      default -> FAILED;
    };
  }
}
