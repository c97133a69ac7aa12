package dev.weft.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of sorting and cycle finding over random graphs. */
class DagProperties {

  /** A random DAG: each node depends only on nodes declared before it, then shuffled. */
  record Shape(int nodes, double density, long seed) {}

  @Provide
  Arbitrary<Shape> shapes() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 120),
            Arbitraries.doubles().between(0, 0.3),
            Arbitraries.longs())
        .as(Shape::new);
  }

  private static Pipeline randomDag(Shape shape) {
    Random random = new Random(shape.seed());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < shape.nodes(); i++) {
      ids.add("n" + i);
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < shape.nodes(); i++) {
      Node.Builder node = Node.builder(ids.get(i), "noop");
      for (int j = 0; j < i; j++) {
        if (random.nextDouble() < shape.density()) {
          node.after(ids.get(j));
        }
      }
      nodes.add(node.build());
    }
    java.util.Collections.shuffle(nodes, random);
    Pipeline.Builder p = Pipeline.builder("random");
    nodes.forEach(p::node);
    return p.build();
  }

  private static Map<String, Set<String>> edges(Pipeline p) {
    Map<String, Set<String>> after = new HashMap<>();
    for (Node n : p.nodes()) {
      after.put(n.id(), new HashSet<>(n.afterIds()));
    }
    return after;
  }

  @Property
  void everyEdgePointsForwardAndLevelsRespectEdges(@ForAll("shapes") Shape shape) {
    Pipeline dag = randomDag(shape);

    TopologicalOrder order = Dag.of(dag).sort();

    assertThat(order.order()).hasSize(shape.nodes()).doesNotHaveDuplicates();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < order.order().size(); i++) {
      position.put(order.order().get(i), i);
    }
    Map<String, Integer> level = new HashMap<>();
    for (int l = 0; l < order.levels().size(); l++) {
      for (String id : order.levels().get(l)) {
        level.put(id, l);
      }
    }
    for (Node n : dag.nodes()) {
      int maxDependencyLevel = -1;
      for (String dep : n.afterIds()) {
        assertThat(position.get(dep)).isLessThan(position.get(n.id()));
        maxDependencyLevel = Math.max(maxDependencyLevel, level.get(dep));
      }
      assertThat(level.get(n.id())).as("level of %s", n.id()).isEqualTo(maxDependencyLevel + 1);
    }
  }

  @Property
  void sortingIsDeterministic(@ForAll("shapes") Shape shape) {
    Pipeline dag = randomDag(shape);
    assertThat(Dag.of(dag).sort()).isEqualTo(Dag.of(dag).sort());
  }

  @Property
  void anInjectedCycleIsReportedAndIsARealCycle(@ForAll("shapes") Shape shape, @ForAll long pick) {
    Pipeline dag = randomDag(shape);
    // Inject a back edge along an existing path: pick a node, walk forward from it, and make the
    // first node depend on the last. A self-loop when the walk does not move.
    TopologicalOrder order = Dag.of(dag).sort();
    Random random = new Random(pick);
    String from = order.order().get(random.nextInt(order.order().size()));
    String to = from;
    Map<String, List<String>> successors = new HashMap<>();
    for (Node n : dag.nodes()) {
      for (String dep : n.afterIds()) {
        successors.computeIfAbsent(dep, k -> new ArrayList<>()).add(n.id());
      }
    }
    for (int steps = random.nextInt(5); steps > 0 && successors.containsKey(to); steps--) {
      List<String> next = successors.get(to);
      to = next.get(random.nextInt(next.size()));
    }
    String last = to;
    Pipeline.Builder cyclic = Pipeline.builder("cyclic");
    for (Node n : dag.nodes()) {
      if (n.id().equals(from)) {
        Node.Builder changed = Node.builder(n.id(), n.type());
        n.after().forEach(changed::after);
        changed.after(last);
        cyclic.node(changed.build());
      } else {
        cyclic.node(n);
      }
    }
    Pipeline withCycle = cyclic.build();

    Dag.Analysis analysis = Dag.of(withCycle).analyse();

    assertThat(analysis.order()).isNull();
    assertThat(analysis.cycles()).isNotEmpty();
    Map<String, Set<String>> after = edges(withCycle);
    for (List<String> cycle : analysis.cycles()) {
      assertThat(cycle.getFirst()).isEqualTo(cycle.getLast());
      assertThat(cycle.subList(0, cycle.size() - 1)).doesNotHaveDuplicates();
      for (int i = 0; i + 1 < cycle.size(); i++) {
        // cycle a -> b means b waits for a
        assertThat(after.get(cycle.get(i + 1)))
            .as("edge %s -> %s", cycle.get(i), cycle.get(i + 1))
            .contains(cycle.get(i));
      }
    }
  }
}
