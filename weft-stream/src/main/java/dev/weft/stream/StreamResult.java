package dev.weft.stream;

import java.time.Duration;
import java.util.List;

/**
 * How a run of a stream graph ended.
 *
 * @param status succeeded (every source ended and everything was handled), failed or cancelled
 * @param failedNode the node that failed the run, or {@code null}
 * @param error why it failed, or {@code null}
 * @param nodes every node's counters at the end
 * @param took from start to end
 */
public record StreamResult(
    Status status, String failedNode, String error, List<NodeStats> nodes, Duration took) {

  /** How a run ended. */
  public enum Status {
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  public StreamResult {
    nodes = List.copyOf(nodes);
  }

  /** The counters of one node. */
  public NodeStats node(String id) {
    return nodes.stream()
        .filter(n -> n.nodeId().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }
}
