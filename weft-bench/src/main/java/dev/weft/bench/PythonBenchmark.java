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
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Python nodes, each beside a peer in the same run: the Java to Python to Java round trip for 1 KiB
 * and 1 MiB messages through a pipeline (a Python node that returns each message it gets), beside
 * the same round trip to a Python process over a loopback TCP socket (length-prefixed, the Python
 * side echoing with {@code recv_into} and {@code sendmsg}); and two CPU-bound Python nodes in one
 * pipeline, whose wall time is compared with one such node alone (near equal when they run in
 * parallel: own processes, no shared interpreter lock), beside the same work on two threads of one
 * interpreter (near double: the GIL).
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
    Path tcpEcho = Files.writeString(dir.resolve("tcp_echo.py"), TCP_ECHO);
    System.out.printf(
        Locale.ROOT,
        "%-34s %10s %10s %10s %12s%n",
        "round trip",
        "p50 us",
        "p99 us",
        "TCP p50",
        "TCP / Weft");
    for (int size : new int[] {1024, 1 << 20}) {
      int count = size < 65536 ? 5_000 : 1_000;
      long pace = size < 65536 ? 1 : 5;
      Histogram weft = roundTrip(echo, size, count, pace);
      Histogram tcp = tcpRoundTrip(tcpEcho, size, count, pace);
      System.out.printf(
          Locale.ROOT,
          "%-34s %10.1f %10.1f %10.1f %11.2fx%n",
          "Java -> Python -> Java, " + (size < 65536 ? "1 KiB" : "1 MiB"),
          weft.getValueAtPercentile(50) / 1000.0,
          weft.getValueAtPercentile(99) / 1000.0,
          tcp.getValueAtPercentile(50) / 1000.0,
          (double) tcp.getValueAtPercentile(50) / weft.getValueAtPercentile(50));
    }
    double one = cpuBound(burn, 1);
    double two = cpuBound(burn, 2);
    double[] threads = threads(dir);
    System.out.printf(
        Locale.ROOT,
        "CPU-bound Python, 10 messages each: Weft nodes: one %.2f s, two at once %.2f s (%.2fx);"
            + " threads of one interpreter: one %.2f s, two %.2f s (%.2fx)%n",
        one,
        two,
        two / one,
        threads[0],
        threads[1],
        threads[1] / threads[0]);
  }

  /** The peer: a Python process echoing length-prefixed messages on a socket. */
  private static final String TCP_ECHO =
      """
      import socket, sys
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
      s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
      buffer = memoryview(bytearray(16 << 20))
      def read(n):
          got = 0
          while got < n:
              k = s.recv_into(buffer[got:n])
              if k == 0:
                  sys.exit(0)
              got += k
          return buffer[:n]
      while True:
          head = bytes(read(4))
          n = int.from_bytes(head, "big", signed=True)
          if n < 0:
              break
          body = read(n)
          s.sendmsg([head, body])
      """;

  /** The work of the CPU-bound node, on one and on two threads of one interpreter. */
  private static final String THREADS =
      """
      import threading, time
      def work():
          for _ in range(10):
              sum(i * i for i in range(3_000_000))
      for n in (1, 2):
          threads = [threading.Thread(target=work) for _ in range(n)]
          began = time.perf_counter()
          for t in threads:
              t.start()
          for t in threads:
              t.join()
          print(time.perf_counter() - began)
      """;

  private static Histogram tcpRoundTrip(Path script, int size, int count, long paceMillis)
      throws Exception {
    Histogram latency = new Histogram(3);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process python =
          new ProcessBuilder(python(), script.toString(), Integer.toString(server.getLocalPort()))
              .inheritIO()
              .start();
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 << 10));
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
        byte[] back = new byte[size];
        long next = System.nanoTime();
        for (int i = 0; i < WARMUP + count; i++) {
          next = i < WARMUP ? System.nanoTime() : IpcBenchmark.pace(next, paceMillis * 1_000_000);
          byte[] message = new byte[i < WARMUP ? 64 : size];
          long sent = System.nanoTime();
          out.writeInt(message.length);
          out.write(message);
          out.flush();
          int length = in.readInt();
          in.readFully(back, 0, length);
          if (i >= WARMUP) {
            latency.recordValue(System.nanoTime() - sent);
          }
        }
        out.writeInt(-1);
        out.flush();
      }
      if (python.waitFor() != 0) {
        throw new IllegalStateException("the TCP echo exited with " + python.exitValue());
      }
    }
    return latency;
  }

  private static double[] threads(Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("threads.py"), THREADS);
    Process python = new ProcessBuilder(python(), script.toString()).start();
    String[] lines =
        new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .strip()
            .split("\n");
    if (python.waitFor() != 0 || lines.length != 2) {
      throw new IllegalStateException("the threads peer failed: " + String.join(" ", lines));
    }
    return new double[] {Double.parseDouble(lines[0]), Double.parseDouble(lines[1])};
  }

  private static String python() {
    return System.getenv().getOrDefault("WEFT_PYTHON", "python3");
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
