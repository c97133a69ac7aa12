package dev.weft.core.graph;

import java.util.List;

/**
 * The nodes of an acyclic graph in an order where every edge points forward.
 *
 * @param order every node, dependencies before dependents; among nodes free at the same time,
 *     manifest order
 * @param levels the same nodes grouped: level 0 has no dependencies, level k depends on nothing
 *     later than level k-1; the nodes of a level can run in parallel
 */
public record TopologicalOrder(List<String> order, List<List<String>> levels) {
  public TopologicalOrder {
    order = List.copyOf(order);
    levels = levels.stream().map(List::copyOf).toList();
  }
}
