package dev.weft.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagTest {

  @Test
  void levelsGroupWhatCanRunInParallelInManifestOrder() {
    Pipeline diamond =
        Pipeline.builder("diamond")
            .node("join", "noop", n -> n.after("right", "left"))
            .node("right", "noop", n -> n.after("root"))
            .node("left", "noop", n -> n.after("root"))
            .node("root", "noop")
            .build();

    TopologicalOrder order = Dag.of(diamond).sort();

    assertThat(order.levels())
        .containsExactly(List.of("root"), List.of("right", "left"), List.of("join"));
    assertThat(order.order()).containsExactly("root", "right", "left", "join");
  }

  @Test
  void aNodeIsPlacedOneLevelAfterItsLatestDependency() {
    Pipeline p =
        Pipeline.builder("skip")
            .node("a", "noop")
            .node("b", "noop", n -> n.after("a"))
            .node("c", "noop", n -> n.after("a", "b"))
            .build();

    assertThat(Dag.of(p).sort().levels()).containsExactly(List.of("a"), List.of("b"), List.of("c"));
  }

  @Test
  void sortThrowsWithTheCyclePath() {
    Pipeline loop =
        Pipeline.builder("loop")
            .node("a", "noop", n -> n.after("c"))
            .node("b", "noop", n -> n.after("a"))
            .node("c", "noop", n -> n.after("b"))
            .build();

    assertThatThrownBy(() -> Dag.of(loop).sort())
        .isInstanceOf(CycleException.class)
        .hasMessage("the graph has a cycle: a -> b -> c -> a");
  }

  @Test
  void disjointCyclesAreAllFound() {
    Pipeline twoLoops =
        Pipeline.builder("loops")
            .node("a", "noop", n -> n.after("b"))
            .node("b", "noop", n -> n.after("a"))
            .node("x", "noop", n -> n.after("y"))
            .node("y", "noop", n -> n.after("x"))
            .node("free", "noop")
            .build();

    Dag.Analysis analysis = Dag.of(twoLoops).analyse();

    assertThat(analysis.order()).isNull();
    assertThat(analysis.cycles()).containsExactly(List.of("a", "b", "a"), List.of("x", "y", "x"));
    assertThat(analysis.blocked()).isEmpty();
  }

  @Test
  void unknownAndRepeatedDependenciesAreIgnoredWhenAnalysing() {
    Pipeline p =
        Pipeline.builder("lenient")
            .node("a", "noop")
            .node("b", "noop", n -> n.after("a", "a", "ghost"))
            .build();

    Dag dag = Dag.of(p);

    assertThat(dag.predecessors(1)).containsExactly(0);
    assertThat(dag.successors(0)).containsExactly(1);
    assertThat(dag.sort().order()).containsExactly("a", "b");
  }
}
