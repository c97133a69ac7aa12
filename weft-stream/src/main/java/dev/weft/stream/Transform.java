package dev.weft.stream;

/**
 * A node with one or more inputs and one output: zero, one or many messages out for each message in
 * ({@code map}, {@code filter} and {@code flatMap} are all transforms).
 */
@FunctionalInterface
public interface Transform<I, O> extends Stage {

  /** Handles one message; a thrown exception is retried by the node's retry policy. */
  void process(I message, Emitter<O> out) throws Exception;

  /** Called once every input has ended, before the output ends: flush what is held back. */
  default void finish(Emitter<O> out) throws Exception {}
}
