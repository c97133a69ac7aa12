package dev.weft.core.graph;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A valid pipeline as a diagram text: Mermaid or Graphviz DOT. Each level (nodes that can run in
 * parallel) is a box of its own; optional dependencies are dashed; nodes with a condition are
 * hexagons, always-run nodes are drawn double.
 */
public final class Diagram {

  private Diagram() {}

  /** A Mermaid flowchart, left to right. */
  public static String mermaid(Pipeline pipeline) {
    TopologicalOrder order = Dag.of(pipeline).sort();
    Map<String, Node> nodes = pipeline.nodesById();
    Map<String, String> ids = shortIds(order);
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (int level = 0; level < order.levels().size(); level++) {
      out.append("  subgraph L").append(level).append("[\"level ").append(level).append("\"]\n");
      for (String id : order.levels().get(level)) {
        Node node = nodes.get(id);
        String label =
            "\"" + mermaidText(id) + "<br/><small>" + mermaidText(node.type()) + "</small>\"";
        String shape =
            node.tasks().when() != null
                ? "{{" + label + "}}"
                : node.tasks().always() ? "[[" + label + "]]" : "[" + label + "]";
        out.append("    ").append(ids.get(id)).append(shape).append('\n');
      }
      out.append("  end\n");
    }
    for (Node node : pipeline.nodes()) {
      for (Dependency dep : node.after()) {
        out.append("  ")
            .append(ids.get(dep.id()))
            .append(dep.required() ? " --> " : " -. optional .-> ")
            .append(ids.get(node.id()))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** A Graphviz digraph, left to right; render with {@code dot -Tsvg}. */
  public static String dot(Pipeline pipeline) {
    TopologicalOrder order = Dag.of(pipeline).sort();
    Map<String, Node> nodes = pipeline.nodesById();
    StringBuilder out =
        new StringBuilder("digraph ").append(dotText(pipeline.name())).append(" {\n");
    out.append("  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (int level = 0; level < order.levels().size(); level++) {
      out.append("  subgraph cluster_level").append(level).append(" {\n");
      out.append("    label=\"level ").append(level).append("\"; style=dashed; color=gray;\n");
      for (String id : order.levels().get(level)) {
        Node node = nodes.get(id);
        out.append("    ")
            .append(dotText(id))
            .append(" [label=")
            .append(dotText(id + "\n" + node.type()));
        if (node.tasks().when() != null) {
          out.append(", shape=hexagon, tooltip=").append(dotText("when: " + node.tasks().when()));
        }
        if (node.tasks().always()) {
          out.append(", peripheries=2");
        }
        out.append("];\n");
      }
      out.append("  }\n");
    }
    for (Node node : pipeline.nodes()) {
      for (Dependency dep : node.after()) {
        out.append("  ").append(dotText(dep.id())).append(" -> ").append(dotText(node.id()));
        out.append(dep.required() ? ";\n" : " [style=dashed, label=\"optional\"];\n");
      }
    }
    return out.append("}\n").toString();
  }

  /** Mermaid ids are restricted; number the nodes instead and show the real id as the label. */
  private static Map<String, String> shortIds(TopologicalOrder order) {
    Map<String, String> ids = new HashMap<>();
    List<String> all = order.order();
    for (int i = 0; i < all.size(); i++) {
      ids.put(all.get(i), "n" + i);
    }
    return ids;
  }

  private static String mermaidText(String text) {
    return text.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }

  private static String dotText(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
