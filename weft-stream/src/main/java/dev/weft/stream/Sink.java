package dev.weft.stream;

/** A node that consumes messages and emits none. */
@FunctionalInterface
public interface Sink<T> extends Stage {

  /** Handles one message; a thrown exception is retried by the node's retry policy. */
  void accept(T message) throws Exception;

  /** Called once every input has ended. */
  default void finish() throws Exception {}
}
