package dev.weft.stream.ipc;

/** A shared-memory channel cannot be used as asked; the message says why and what to do. */
public class ShmException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with its full explanation. */
  public ShmException(String message) {
    super(message);
  }

  /** An error caused by {@code cause}. */
  public ShmException(String message, Throwable cause) {
    super(message, cause);
  }
}
