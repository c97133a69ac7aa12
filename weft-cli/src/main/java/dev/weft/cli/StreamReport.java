package dev.weft.cli;

import dev.weft.stream.NodeStats;
import dev.weft.stream.StreamResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a stream run is shown: a table of its nodes' counters, and the JSON form. */
final class StreamReport {

  private StreamReport() {}

  /** A header and a row per node. */
  static List<String> table(List<NodeStats> nodes) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-18s %-9s %12s %12s %9s %7s %7s %6s %8s %8s",
            "NODE", "ROLE", "IN", "OUT", "DROPPED", "ERRORS", "RETRIES", "QUEUE", "P50 µs",
            "P99 µs"));
    for (NodeStats n : nodes) {
      lines.add(
          String.format(
              "%-18s %-9s %,12d %,12d %,9d %,7d %,7d %,6d %,8d %,8d",
              n.nodeId(),
              n.role(),
              n.in(),
              n.out(),
              n.dropped(),
              n.errors(),
              n.retries(),
              n.queueDepth(),
              n.p50Micros(),
              n.p99Micros()));
    }
    return lines;
  }

  /** The last line: how the run ended. */
  static String outcome(String pipeline, StreamResult result) {
    String took = String.format("%.2f s", result.took().toNanos() / 1e9);
    return switch (result.status()) {
      case SUCCEEDED -> "Stream " + pipeline + " succeeded in " + took;
      case CANCELLED -> "Stream " + pipeline + " cancelled after " + took;
      case FAILED ->
          "Stream "
              + pipeline
              + " failed after "
              + took
              + ": node "
              + result.failedNode()
              + ": "
              + result.error();
    };
  }

  static Map<String, Object> json(String pipeline, StreamResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pipeline", pipeline);
    json.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
    json.put("failedNode", result.failedNode());
    json.put("error", result.error());
    json.put("seconds", result.took().toNanos() / 1e9);
    json.put("nodes", result.nodes());
    return json;
  }
}
