package dev.weft.core.graph;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a graph that must be acyclic has a cycle. */
public final class CycleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<List<String>> cycles;

  CycleException(List<List<String>> cycles) {
    super(
        "the graph has a cycle: "
            + cycles.stream().map(Dag::describe).collect(Collectors.joining("; ")));
    this.cycles = List.copyOf(cycles);
  }

  /** Each cycle as a path that starts and ends at the same node. */
  public List<List<String>> cycles() {
    return cycles;
  }
}
