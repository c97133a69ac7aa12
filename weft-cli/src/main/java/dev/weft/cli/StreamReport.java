package dev.weft.cli;

import dev.weft.stream.NodeStats;
import dev.weft.stream.StreamResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How a stream run is shown: a table of its nodes' counters, and the JSON form. */
final class StreamReport {

  private StreamReport() {}

  /** A header and a row per node. */
  static List<String> table(List<NodeStats> nodes) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-18s %-9s %12s %12s %9s %7s %7s %6s %8s %8s %8s %13s %8s",
            "NODE", "ROLE", "IN", "OUT", "DROPPED", "ERRORS", "RETRIES", "QUEUE", "P50 µs",
            "P99 µs", "PID", "MEMORY", "CPU s"));
    for (NodeStats n : nodes) {
      lines.add(
          String.format(
              "%-18s %-9s %,12d %,12d %,9d %,7d %,7d %,6d %,8d %,8d %8s %13s %8s",
              n.nodeId(),
              n.role(),
              n.in(),
              n.out(),
              n.dropped(),
              n.errors(),
              n.retries(),
              n.queueDepth(),
              n.p50Micros(),
              n.p99Micros(),
              n.pid() == 0 ? "-" : Long.toString(n.pid()),
              memory(n),
              n.cpuMillis() < 0 ? "-" : String.format("%.2f", n.cpuMillis() / 1000.0)));
    }
    return lines;
  }

  /**
   * What the node holds or takes: a process node's resident memory ({@code 212.4M rss}), an
   * in-process node's heap allocation so far ({@code 3.1M alloc}).
   */
  static String memory(NodeStats n) {
    if (n.pid() != 0) {
      return bytes(n.rssBytes()) + " rss";
    }
    return n.allocatedBytes() < 0 ? "-" : bytes(n.allocatedBytes()) + " alloc";
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    if (n < 1024 * 1024) {
      return String.format("%.1fK", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format("%.1fM", n / (1024.0 * 1024));
    }
    return String.format("%.1fG", n / (1024.0 * 1024 * 1024));
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

  /**
   * Where a stopped run stopped: how far each source got, and the messages still waiting on each
   * node's inputs (in flight, not handled), e.g. {@code stopped by Ctrl-C after 2.31 s; sources had
   * emitted: gen 1,234; in flight, not handled: save 1,024}.
   */
  static String stopped(String by, StreamResult result) {
    String sources =
        result.nodes().stream()
            .filter(n -> n.role().equals("source"))
            .map(n -> String.format("%s %,d", n.nodeId(), n.out()))
            .collect(Collectors.joining(", "));
    String inFlight =
        result.nodes().stream()
            .filter(n -> n.queueDepth() > 0)
            .map(n -> String.format("%s %,d", n.nodeId(), n.queueDepth()))
            .collect(Collectors.joining(", "));
    return String.format(
        "stopped by %s after %.2f s; sources had emitted: %s; %s",
        by,
        result.took().toNanos() / 1e9,
        sources,
        inFlight.isEmpty() ? "nothing was in flight" : "in flight, not handled: " + inFlight);
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
