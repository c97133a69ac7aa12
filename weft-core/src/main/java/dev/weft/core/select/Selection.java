package dev.weft.core.select;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subset of a pipeline's nodes, chosen by id or tag ({@code weft run --only/--skip}). {@code
 * --only} keeps the chosen nodes and every node they require, directly or not; {@code --skip} drops
 * the chosen nodes and every node that requires them. Dependencies on dropped nodes that were
 * optional are dropped with them.
 *
 * @param pipeline the pipeline with the selected nodes only
 * @param notes what the selection pulled in or dropped beyond what was named, for the user
 */
public record Selection(Pipeline pipeline, List<String> notes) {

  /**
   * Selects from {@code pipeline}. Each entry of {@code only} and {@code skip} is a node id or a
   * tag.
   *
   * @throws IllegalArgumentException when an entry names no node and no tag
   */
  public static Selection of(Pipeline pipeline, Collection<String> only, Collection<String> skip) {
    Map<String, Node> nodes = pipeline.nodesById();
    List<String> notes = new ArrayList<>();
    Set<String> kept = new LinkedHashSet<>(nodes.keySet());
    if (!only.isEmpty()) {
      Set<String> named = matching(nodes, only);
      Set<String> closure = new LinkedHashSet<>();
      Deque<String> queue = new ArrayDeque<>(named);
      while (!queue.isEmpty()) {
        String id = queue.poll();
        if (closure.add(id)) {
          for (Dependency d : nodes.get(id).after()) {
            if (d.required()) {
              queue.add(d.id());
            }
          }
        }
      }
      List<String> pulled = closure.stream().filter(id -> !named.contains(id)).toList();
      if (!pulled.isEmpty()) {
        notes.add("also running what the selection requires: " + String.join(", ", pulled));
      }
      kept.retainAll(closure);
    }
    if (!skip.isEmpty()) {
      Set<String> named = matching(nodes, skip);
      Set<String> dropped = new LinkedHashSet<>(named);
      boolean grew = true;
      while (grew) {
        grew = false;
        for (Node node : pipeline.nodes()) {
          if (!dropped.contains(node.id())
              && node.after().stream().anyMatch(d -> d.required() && dropped.contains(d.id()))) {
            grew |= dropped.add(node.id());
          }
        }
      }
      List<String> pulled = dropped.stream().filter(id -> !named.contains(id)).toList();
      if (!pulled.isEmpty()) {
        notes.add("also skipping what requires a skipped node: " + String.join(", ", pulled));
      }
      kept.removeAll(dropped);
    }
    List<Node> selected = new ArrayList<>();
    for (Node node : pipeline.nodes()) {
      if (kept.contains(node.id())) {
        List<Dependency> after = node.after().stream().filter(d -> kept.contains(d.id())).toList();
        selected.add(node.copy(node.id(), after, node.with()));
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("the selection leaves no node to run");
    }
    return new Selection(pipeline.withNodes(selected), notes);
  }

  private static Set<String> matching(Map<String, Node> nodes, Collection<String> names) {
    Set<String> matched = new LinkedHashSet<>();
    for (String name : names) {
      int before = matched.size();
      for (Node node : nodes.values()) {
        if (node.id().equals(name) || node.tags().contains(name)) {
          matched.add(node.id());
        }
      }
      if (matched.size() == before) {
        Set<String> known = new java.util.TreeSet<>(nodes.keySet());
        nodes.values().forEach(n -> known.addAll(n.tags()));
        throw new IllegalArgumentException(
            "no node or tag '"
                + name
                + "'; "
                + dev.weft.core.validate.Suggestions.didYouMean(name, known, "nodes and tags"));
      }
    }
    return matched;
  }
}
