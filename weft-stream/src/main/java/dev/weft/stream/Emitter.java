package dev.weft.stream;

/** Where a node sends its messages: every consumer of its output gets the same reference. */
public interface Emitter<T> {

  /**
   * Sends a message downstream. Messages must not change once emitted: consumers share them. Under
   * the {@code block} policy this waits while a consumer's channel is full.
   */
  void emit(T message);

  /** Whether the run is being stopped; a source stops emitting when it is. */
  boolean cancelled();
}
