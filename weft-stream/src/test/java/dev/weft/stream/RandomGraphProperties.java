package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random graphs: layers of pass-through transforms over a few sources, random fan-in and fan-out,
 * random edge capacities, and sometimes a node that fails on a chosen message. Every sink must get
 * exactly the messages of every path into it; a planted failure fails the run with that node's id;
 * and no node thread is left running either way.
 */
class RandomGraphProperties {

  @Property(tries = 40)
  void everyPathDeliversEveryMessageOrThePlantedFailureIsReported(
      @ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 300) int messages)
      throws Exception {
    Random random = new Random(seed);
    int sources = 1 + random.nextInt(3);
    int layers = 1 + random.nextInt(3);
    StreamGraph.Builder graph = StreamGraph.builder("random-" + seed);
    Map<String, Long> expected = new HashMap<>(); // messages each node emits
    List<String> previous = new ArrayList<>();
    for (int s = 0; s < sources; s++) {
      String id = "s" + s;
      graph.source(
          id,
          (Emitter<Integer> out) -> {
            for (int i = 0; i < messages; i++) {
              out.emit(i);
            }
          });
      expected.put(id, (long) messages);
      previous.add(id);
    }
    String failing = null;
    int failAt = random.nextInt(messages);
    boolean plantFailure = random.nextInt(4) == 0;
    for (int layer = 0; layer < layers; layer++) {
      List<String> current = new ArrayList<>();
      int width = 1 + random.nextInt(3);
      for (int n = 0; n < width; n++) {
        String id = "t" + layer + "_" + n;
        List<String> inputs = pick(previous, random);
        boolean fails = plantFailure && failing == null;
        if (fails) {
          failing = id;
        }
        int[] seen = {0};
        graph.transform(
            id,
            (Integer m, Emitter<Integer> out) -> {
              if (fails && seen[0]++ == failAt) {
                throw new IllegalStateException("planted at " + failAt);
              }
              out.emit(m);
            },
            inputs.toArray(String[]::new));
        for (String input : inputs) {
          graph.edge(input, id, 1 + random.nextInt(64), OverflowPolicy.BLOCK);
        }
        expected.put(id, inputs.stream().mapToLong(expected::get).sum());
        current.add(id);
      }
      previous = current;
    }
    Map<String, long[]> received = new HashMap<>();
    for (String last : previous) {
      String id = "sink_" + last;
      long[] count = new long[1];
      received.put(id, count);
      graph.sink(id, (Integer m) -> count[0]++, last);
      expected.put(id, expected.get(last));
    }

    StreamResult result = graph.build().start().await();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("weft-stream-random-" + seed + "-") && t.isAlive());
    if (failing != null && expected.get(failing) > failAt) {
      assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
      assertThat(result.failedNode()).isEqualTo(failing);
      assertThat(result.error()).isEqualTo("planted at " + failAt);
    } else {
      assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
      received.forEach(
          (sink, count) -> assertThat(count[0]).as(sink).isEqualTo(expected.get(sink)));
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }

  private static List<String> pick(List<String> from, Random random) {
    List<String> picked = new ArrayList<>();
    for (String id : from) {
      if (random.nextBoolean()) {
        picked.add(id);
      }
    }
    if (picked.isEmpty()) {
      picked.add(from.get(random.nextInt(from.size())));
    }
    return picked;
  }
}
