package dev.weft.stream.ipc;

/** The process on the other end of a channel died, or closed it, before finishing the stream. */
public final class ShmPeerGoneException extends ShmException {

  private static final long serialVersionUID = 1L;

  /** An error naming the peer and what was lost. */
  public ShmPeerGoneException(String message) {
    super(message);
  }
}
