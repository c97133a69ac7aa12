package dev.weft.bench.burndown;

/** A burn-down that could not finish, with a message that says why (a worker's log included). */
final class TrialFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrialFailed(String message) {
    super(message);
  }
}
