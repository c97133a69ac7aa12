package dev.weft.stream;

/**
 * What every node of a stream graph may do around its messages: {@link #open} before the first,
 * {@link #close} after the last (also when the run fails or is cancelled).
 */
public interface Stage {

  /** Called on the node's thread before any message. */
  default void open(StageContext context) throws Exception {}

  /** Called on the node's thread once the node is done, however the run ended. */
  default void close() throws Exception {}
}
