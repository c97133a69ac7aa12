package dev.weft.tasks.store;

/** A store operation failed; the message says which and why. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean connectionLost;

  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param connectionLost the database could not be reached: the operation may succeed when it is
   *     back, so a worker retries rather than stops
   */
  public StoreException(String message, Throwable cause, boolean connectionLost) {
    super(message, cause);
    this.connectionLost = connectionLost;
  }

  /** Whether the failure was the database being out of reach (restarting, the network cut). */
  public boolean connectionLost() {
    return connectionLost;
  }
}
