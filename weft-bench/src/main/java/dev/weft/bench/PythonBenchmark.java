package dev.weft.bench;

import dev.weft.core.IsolationSpec;
import dev.weft.core.Node;
import dev.weft.stream.Emitter;
import dev.weft.stream.OverflowPolicy;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamGraph;
import dev.weft.stream.StreamGraph.Role;
import dev.weft.stream.StreamResult;
import dev.weft.stream.Transform;
import dev.weft.stream.ipc.ProcessStages;
import dev.weft.stream.ipc.PythonType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Python nodes: the Java to Python to Java round trip for 1 KiB and 1 MiB messages (a Python node
 * that returns each message it gets), and two CPU-bound Python nodes in one pipeline, whose wall
 * time is compared with one such node alone: near equal when they run in parallel (own processes,
 * no shared interpreter lock), near double when they do not.
 *
 * <p>Run from the repository root (the Python host runs from {@code python/}; or install it with
 * {@code pip install ./python} and leave out the property): {@code java -Xms2g -Xmx2g
 * --enable-native-access=ALL-UNNAMED -Dweft.python.path=python -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.PythonBenchmark}
 */
public final class PythonBenchmark {

  private static final int WARMUP = 2_000;

  private PythonBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("weft-python-bench");
    Path echo =
        Files.writeString(dir.resolve("echo.py"), "def process(message):\n    return message\n");
    Path burn =
        Files.writeString(
            dir.resolve("burn.py"),
            "def process(message):\n    return {'sum': sum(i * i for i in range(3_000_000))}\n");
    for (int size : new int[] {1024, 1 << 20}) {
      Histogram h = roundTrip(echo, size, size < 65536 ? 5_000 : 1_000, size < 65536 ? 1 : 5);
      System.out.printf(
          Locale.ROOT,
          "round trip Java -> Python -> Java, %s: p50 %.1f us, p99 %.1f us%n",
          size < 65536 ? "1 KiB" : "1 MiB",
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0);
    }
    double one = cpuBound(burn, 1);
    double two = cpuBound(burn, 2);
    System.out.printf(
        Locale.ROOT,
        "CPU-bound Python nodes, 10 messages each: one node %.2f s, two nodes at once %.2f s"
            + " (%.2fx the one)%n",
        one,
        two,
        two / one);
  }

  private static Stage python(String id, Path script, Role role) {
    Node node = Node.builder(id, "python").with("script", script.toString()).build();
    return ProcessStages.create(
        node, role, new PythonType().hostCommand(node), IsolationSpec.DEFAULT, line -> {});
  }

  @SuppressWarnings("unchecked")
  private static Histogram roundTrip(Path script, int size, int count, long paceMillis)
      throws InterruptedException {
    Histogram latency = new Histogram(3);
    long pace = paceMillis * 1_000_000;
    StreamGraph graph =
        StreamGraph.builder("python-round-trip")
            .defaultEdge(64, OverflowPolicy.BLOCK)
            .source(
                "send",
                (Emitter<byte[]> out) -> {
                  long next = System.nanoTime();
                  for (int i = 0; i < WARMUP + count; i++) {
                    next = i < WARMUP ? System.nanoTime() : IpcBenchmark.pace(next, pace);
                    byte[] message = new byte[i < WARMUP ? 64 : size];
                    long now = System.nanoTime();
                    for (int b = 0; b < 8; b++) {
                      message[b] = (byte) (now >>> (8 * b));
                    }
                    message[8] = (byte) (i < WARMUP ? 0 : 1);
                    out.emit(message);
                  }
                })
            .transform(
                "echo", (Transform<Object, Object>) python("echo", script, Role.TRANSFORM), "send")
            .sink(
                "receive",
                (byte[] m) -> {
                  long now = System.nanoTime();
                  long stamp = 0;
                  for (int b = 7; b >= 0; b--) {
                    stamp = (stamp << 8) | (m[b] & 0xff);
                  }
                  if (m[8] == 1) {
                    latency.recordValue(Math.max(0, now - stamp));
                  }
                },
                "echo")
            .build();
    check(graph.start().await());
    return latency;
  }

  @SuppressWarnings("unchecked")
  private static double cpuBound(Path script, int nodes) throws InterruptedException {
    StreamGraph.Builder graph =
        StreamGraph.builder("python-parallel")
            .source(
                "send",
                (Emitter<Object> out) -> {
                  for (int i = 0; i < 10; i++) {
                    out.emit(Map.of("n", i));
                  }
                });
    for (int k = 0; k < nodes; k++) {
      graph.transform(
          "burn-" + k,
          (Transform<Object, Object>) python("burn-" + k, script, Role.TRANSFORM),
          "send");
      graph.sink("done-" + k, (Object m) -> {}, "burn-" + k);
    }
    StreamResult result = graph.build().start().await();
    check(result);
    return result.took().toNanos() / 1e9;
  }

  private static void check(StreamResult result) {
    if (result.status() != StreamResult.Status.SUCCEEDED) {
      throw new IllegalStateException(result.failedNode() + ": " + result.error());
    }
  }
}
