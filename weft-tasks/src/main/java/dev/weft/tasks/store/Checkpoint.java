package dev.weft.tasks.store;

import java.time.Instant;

/**
 * The last state a task saved with {@code context.checkpoint(state)}: an attempt that takes over
 * after a crash, or a retry, starts from it.
 *
 * @param stateJson the state, as JSON
 * @param attempt the attempt that saved it
 * @param at when it was saved
 */
public record Checkpoint(String stateJson, int attempt, Instant at) {

  /** The most a checkpoint may hold, in characters of JSON: it is meant for a small state. */
  public static final int MAX_CHARS = 64 * 1024;
}
