package dev.weft.stream;

/** Where a node sends its messages: every consumer of its output gets the same reference. */
public interface Emitter<T> {

  /**
   * Sends a message downstream. Messages must not change once emitted: consumers share them. Under
   * the {@code block} policy this waits while a consumer's channel is full.
   */
  void emit(T message);

  /**
   * Gives up on an input the node cannot turn into a message, such as a CSV row with too many
   * fields: it goes to the node's {@code errors} output as a {@link FailedMessage}, or fails the
   * run when the node has none (then {@link #cancelled()} turns true). Nothing a node reads is
   * dropped without this.
   *
   * @param input what was read (the row's cells, the line), as far as it could be
   * @param reason what is wrong and where, e.g. {@code orders.csv:3: 3 fields, the header has 2}
   */
  void reject(Object input, String reason);

  /** Whether the run is being stopped; a source stops emitting when it is. */
  boolean cancelled();
}
