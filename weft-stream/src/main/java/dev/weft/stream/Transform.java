package dev.weft.stream;

/**
 * A node with one or more inputs and one output: zero, one or many messages out for each message in
 * ({@code map}, {@code filter} and {@code flatMap} are all transforms).
 */
@FunctionalInterface
public interface Transform<I, O> extends Stage {

  /** Handles one message; a thrown exception is retried by the node's retry policy. */
  void process(I message, Emitter<O> out) throws Exception;

  /**
   * Handles one message that came from node {@code input}: a transform with several inputs that
   * must tell them apart (a join, a zip) overrides this; the others get {@link #process(Object,
   * Emitter)}.
   */
  default void process(String input, I message, Emitter<O> out) throws Exception {
    process(message, out);
  }

  /** Called once every input has ended, before the output ends: flush what is held back. */
  default void finish(Emitter<O> out) throws Exception {}
}
