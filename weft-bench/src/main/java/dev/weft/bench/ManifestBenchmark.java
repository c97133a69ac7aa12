package dev.weft.bench;

import dev.weft.core.graph.TopologicalOrder;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + validate + topologically sort a generated manifest of 100,000 nodes and 1,000,000 edges
 * (each node after ten distinct earlier ones, chosen at random with a fixed seed). Goal: under 1 s.
 *
 * <p>Run: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests && java
 * --sun-misc-unsafe-memory-access=allow -jar weft-bench/target/benchmarks.jar ManifestBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ManifestBenchmark {

  /** Dependencies per node (beyond the first few nodes). */
  static final int FAN_IN = 10;

  @Param({"100000"})
  int nodes;

  @Param({"json", "yaml"})
  String format;

  private String text;
  private String fileName;
  private NodeTypes types;

  @Setup(Level.Trial)
  public void generate() {
    text = format.equals("json") ? json(nodes) : yaml(nodes);
    fileName = "generated." + format;
    types = NodeTypes.load();
  }

  /** The whole path a manifest takes before it can run. */
  @Benchmark
  public TopologicalOrder parseValidateSort() {
    Checked checked = Manifests.parse(text, fileName, Map.of(), types);
    checked.orThrow();
    return checked.order(); // validation sorts the graph to find cycles, and keeps the order
  }

  static String json(int n) {
    StringBuilder out =
        new StringBuilder(n * 120)
            .append("{\"weft\": 1, \"name\": \"big\", \"kind\": \"tasks\", \"nodes\": [\n");
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",\n")
          .append("{\"id\": \"n")
          .append(i)
          .append("\", \"type\": \"noop\", \"after\": [");
      appendDependencies(out, i, random, "\"", "\"");
      out.append("]}");
    }
    return out.append("\n]}\n").toString();
  }

  static String yaml(int n) {
    StringBuilder out =
        new StringBuilder(n * 120).append("weft: 1\nname: big\nkind: tasks\nnodes:\n");
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      out.append("  - id: n").append(i).append("\n    type: noop\n    after: [");
      appendDependencies(out, i, random, "", "");
      out.append("]\n");
    }
    return out.toString();
  }

  /** Up to {@link #FAN_IN} distinct nodes before node {@code i}. */
  private static void appendDependencies(
      StringBuilder out, int i, SplittableRandom random, String open, String close) {
    int count = Math.min(FAN_IN, i);
    java.util.Set<Integer> picked = new java.util.LinkedHashSet<>();
    while (picked.size() < count) {
      picked.add(random.nextInt(i));
    }
    boolean first = true;
    for (int dep : picked) {
      out.append(first ? "" : ", ").append(open).append('n').append(dep).append(close);
      first = false;
    }
  }
}
