package dev.weft.stream;

/**
 * A {@link Stage} whose work runs in another OS process. The runtime shows that process's PID,
 * resident memory and CPU time in the node's {@link NodeStats}.
 */
public interface ProcessBacked {

  /**
   * The process's figures: sampled now while it runs, else the last ones seen; {@code null} before
   * it has started.
   */
  ProcessUsage usage();
}
