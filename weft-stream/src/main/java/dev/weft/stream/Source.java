package dev.weft.stream;

/** A node that emits messages: its {@link #run} returning is its end-of-stream. */
@FunctionalInterface
public interface Source<T> extends Stage {

  /** Emits the stream's messages, then returns; stops early when {@code out.cancelled()}. */
  void run(Emitter<T> out) throws Exception;
}
