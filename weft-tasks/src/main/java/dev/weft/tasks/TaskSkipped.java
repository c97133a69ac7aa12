package dev.weft.tasks;

/**
 * Thrown by a task to end with status {@code skipped} instead of succeeding or failing: its
 * dependents then treat it as they treat a task whose {@code when:} condition was false. It is not
 * a failure: no retry follows and no circuit breaker counts it.
 */
public final class TaskSkipped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A skip, {@code reason} saying why ({@code weft tasks show} prints it). */
  public TaskSkipped(String reason) {
    super(reason, null, false, false);
  }
}
