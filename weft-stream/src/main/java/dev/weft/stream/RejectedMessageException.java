package dev.weft.stream;

/**
 * Thrown by a transform or a sink for a message it can never handle, such as a row that does not
 * fit a CSV file's columns: the message is not retried and does not count as a failure of the
 * node's circuit breaker. It goes to the node's {@code errors} output as a {@link FailedMessage}
 * with this exception's message as the reason, or fails the run when the node has none.
 */
public final class RejectedMessageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A message rejected for {@code reason}, which says what does not fit and how to fix it. */
  public RejectedMessageException(String reason) {
    super(reason);
  }
}
