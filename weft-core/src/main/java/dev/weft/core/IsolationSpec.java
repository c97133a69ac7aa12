package dev.weft.core;

import java.time.Duration;

/**
 * {@code isolation: process} on a stream node: it runs in its own OS process, exchanging messages
 * with the pipeline over shared memory.
 *
 * @param readyTimeout how long the process may take to say it is ready (load a model, say)
 * @param heartbeat the longest silence from a running process before it counts as hung
 * @param restarts how many times a process that died is started again before the run fails
 * @param backoff the pause before the first restart; it doubles with each further one
 */
public record IsolationSpec(
    Duration readyTimeout, Duration heartbeat, int restarts, Duration backoff) {

  /** 30 s to get ready, 10 s heartbeat, no restart. */
  public static final IsolationSpec DEFAULT =
      new IsolationSpec(Duration.ofSeconds(30), Duration.ofSeconds(10), 0, Duration.ofSeconds(1));
}
