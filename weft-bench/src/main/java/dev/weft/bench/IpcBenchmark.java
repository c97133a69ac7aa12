package dev.weft.bench;

import dev.weft.stream.Emitter;
import dev.weft.stream.OverflowPolicy;
import dev.weft.stream.StreamGraph;
import dev.weft.stream.ipc.ShmChannel;
import dev.weft.stream.ipc.ShmFiles;
import dev.weft.stream.ipc.ShmLayout;
import dev.weft.stream.ipc.ShmMessage;
import dev.weft.stream.ipc.ShmReader;
import dev.weft.stream.ipc.ShmWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One-way latency and throughput of a message hand-off, side by side: Weft's shared-memory channel
 * between two processes, the same two processes over a loopback TCP socket, and Weft's in-process
 * channel between two threads; payloads of 1 KiB, 64 KiB, 1 MiB and 10 MiB.
 *
 * <p>The sender (a second JVM for shared memory and TCP, started by this one with the same class
 * path and flags) stamps {@code System.nanoTime()} (CLOCK_MONOTONIC, the same clock in both
 * processes) into each message just before handing it over; the receiver takes the difference on
 * arrival. Shared memory: the payload is written in place before the stamp, and the receiver reads
 * it in place (its first and last bytes). TCP: the payload goes through the socket and is read
 * whole into a buffer, as any socket reader must. In-process: the message is a reference.
 *
 * <p><b>Latency</b>: messages paced (one every {@code pace}), so each finds the receiver waiting,
 * p50 and p99. Each run starts with 20,000 small messages, not counted, so that both sides run
 * compiled code whatever the payload size. 1 MiB and 10 MiB are both paced 2 ms apart, so that the
 * rows differ by size only: how long a receiver slept changes its wake-up (a receiver woken after
 * 20 ms of sleep on a loaded machine starts cold, whatever the size; a last line measures that with
 * 1 KiB). <b>Throughput</b>: as fast as the sender can, messages and bytes per second. Also the CPU
 * an idle receiver burns waiting on an empty shared-memory channel.
 *
 * <p>Arguments, to run chosen rows only: {@code SIZE[:PACE_US[:COUNT]]}, e.g. {@code 1024:20000:300
 * 10485760}.
 *
 * <p>Run: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests} then {@code java -Xms2g
 * -Xmx2g --enable-native-access=ALL-UNNAMED -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.IpcBenchmark}
 */
public final class IpcBenchmark {

  private static final int KB = 1024;

  /**
   * Small messages (64 bytes) sent unpaced before each run's own and not counted: both sides' loops
   * get compiled by the JIT, whatever the payload size of the run.
   */
  private static final int WARMUP = 20_000;

  private static final int WARMUP_SIZE = 64;

  private static final int[] SIZES = {KB, 64 * KB, 1024 * KB, 10 * 1024 * KB};

  private IpcBenchmark() {}

  /** Messages per run, and the pause between two in the latency runs, by payload size. */
  private record Plan(int size, int latencyCount, long paceNanos, int throughputCount) {
    static Plan of(int size) {
      return switch (size) {
        case KB -> new Plan(size, 20_000, 100_000, 200_000);
        case 64 * KB -> new Plan(size, 10_000, 200_000, 50_000);
        case 1024 * KB -> new Plan(size, 2_000, 2_000_000, 5_000);
        default -> new Plan(size, 500, 2_000_000, 500);
      };
    }
  }

  /** What one run measured. */
  private record Result(Histogram latency, double seconds, long messages) {
    double perSecond() {
      return messages / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("send")) {
      Sender.main(args);
      return;
    }
    List<Plan> plans = new ArrayList<>();
    for (int size : SIZES) {
      plans.add(Plan.of(size));
    }
    if (args.length > 0) { // SIZE:PACE_US:COUNT ...: chosen rows, e.g. 1024:20000:300 10485760
      plans.clear();
      for (String arg : args) {
        String[] parts = arg.split(":");
        Plan plan = Plan.of(Integer.parseInt(parts[0]));
        plans.add(
            new Plan(
                plan.size(),
                parts.length > 2 ? Integer.parseInt(parts[2]) : plan.latencyCount(),
                parts.length > 1 ? Long.parseLong(parts[1]) * 1000 : plan.paceNanos(),
                plan.throughputCount()));
      }
    }
    List<String> rows = new ArrayList<>();
    rows.add(
        String.format(
            "%-8s %-6s %12s %12s %12s %14s %10s %10s",
            "payload", "way", "p50 us", "p99 us", "max us", "msgs/s", "MB/s", "p50 vs TCP"));
    for (Plan plan : plans) {
      int size = plan.size();
      Result shmLatency = shm(plan, true);
      Result tcpLatency = tcp(plan, true);
      Result localLatency = inProcess(plan, true);
      Result shmRate = shm(plan, false);
      Result tcpRate = tcp(plan, false);
      Result localRate = inProcess(plan, false);
      double tcpP50 = tcpLatency.latency().getValueAtPercentile(50);
      rows.add(row(size, "shm", shmLatency, shmRate, tcpP50));
      rows.add(row(size, "tcp", tcpLatency, tcpRate, tcpP50));
      rows.add(row(size, "thread", localLatency, localRate, tcpP50));
    }
    rows.forEach(System.out::println);
    Histogram gap = shm(new Plan(KB, 200, 20_000_000, 0), true).latency();
    System.out.printf(
        Locale.ROOT,
        "shared memory, 1 KiB paced 20 ms apart (a receiver woken after a long sleep): p50 %.1f us,"
            + " p99 %.1f us%n",
        gap.getValueAtPercentile(50) / 1000.0,
        gap.getValueAtPercentile(99) / 1000.0);
    System.out.printf(
        Locale.ROOT,
        "idle receiver on an empty shared-memory channel: %.2f ms of CPU per second%n",
        idleCpuMillisPerSecond());
  }

  private static String row(int size, String way, Result latency, Result rate, double tcpP50) {
    Histogram h = latency.latency();
    double p50 = h.getValueAtPercentile(50) / 1000.0;
    return String.format(
        Locale.ROOT,
        "%-8s %-6s %12.1f %12.1f %12.1f %14.0f %10.0f %9.2fx",
        size >= 1024 * KB ? size / (1024 * KB) + " MiB" : size / KB + " KiB",
        way,
        p50,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0,
        rate.perSecond(),
        rate.perSecond() * size / 1e6,
        tcpP50 / 1000.0 / p50);
  }

  private static Process sender(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(IpcBenchmark.class.getName());
    command.add("send");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).inheritIO().start();
  }

  private static String[] senderArgs(String way, String where, Plan plan, boolean paced) {
    int count = paced ? plan.latencyCount() : plan.throughputCount();
    return new String[] {
      way, where, "" + plan.size(), "" + count, "" + (paced ? plan.paceNanos() : 0)
    };
  }

  private static Result shm(Plan plan, boolean paced) throws Exception {
    try (ShmChannel channel =
        ShmChannel.create(
            ShmFiles.newFile("bench"),
            ShmChannel.DEFAULT_SLOTS,
            ShmChannel.DEFAULT_DATA_SIZE,
            OverflowPolicy.BLOCK)) {
      ShmReader reader = channel.reader();
      Process sender = sender(senderArgs("shm", channel.file().toString(), plan, paced));
      Histogram latency = new Histogram(3);
      long first = 0;
      long count = 0;
      for (ShmMessage m; (m = reader.take(() -> false)) != null; ) {
        long now = System.nanoTime();
        MemorySegment p = m.payload();
        long stamp = p.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        if (p.get(ValueLayout.JAVA_BYTE, p.byteSize() - 1) != (byte) 7) {
          throw new IllegalStateException("payload not intact");
        }
        reader.release();
        if (count >= WARMUP) {
          latency.recordValue(Math.max(0, now - stamp));
        }
        first = count++ == WARMUP ? now : first;
      }
      long took = System.nanoTime() - first;
      check(sender);
      return new Result(latency, took / 1e9, count - WARMUP - 1);
    }
  }

  private static Result tcp(Plan plan, boolean paced) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process sender = sender(senderArgs("tcp", "" + server.getLocalPort(), plan, paced));
      try (Socket socket = server.accept()) {
        socket.setTcpNoDelay(true);
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(socket.getInputStream(), 256 * KB));
        byte[] buffer = new byte[Math.max(plan.size(), WARMUP_SIZE)];
        Histogram latency = new Histogram(3);
        long first = 0;
        long count = 0;
        while (true) {
          int length = in.readInt();
          if (length < 0) {
            break;
          }
          in.readFully(buffer, 0, length);
          long now = System.nanoTime();
          long stamp = readLong(buffer);
          if (buffer[length - 1] != (byte) 7) {
            throw new IllegalStateException("payload not intact");
          }
          if (count >= WARMUP) {
            latency.recordValue(Math.max(0, now - stamp));
          }
          first = count++ == WARMUP ? now : first;
        }
        long took = System.nanoTime() - first;
        check(sender);
        return new Result(latency, took / 1e9, count - WARMUP - 1);
      }
    }
  }

  private static Result inProcess(Plan plan, boolean paced) throws InterruptedException {
    int count = paced ? plan.latencyCount() : plan.throughputCount();
    long pace = paced ? plan.paceNanos() : 0;
    byte[][] payloads = new byte[4][];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = new byte[plan.size()];
      payloads[i][plan.size() - 1] = 7;
    }
    Histogram latency = new Histogram(3);
    long[] firstAndCount = new long[2];
    StreamGraph graph =
        StreamGraph.builder("ipc-bench")
            .defaultEdge(64, OverflowPolicy.BLOCK)
            .source(
                "send",
                (Emitter<long[]> out) -> {
                  long next = System.nanoTime();
                  for (int i = 0; i < WARMUP + count; i++) {
                    next = i < WARMUP ? System.nanoTime() : pace(next, pace);
                    out.emit(new long[] {System.nanoTime(), i});
                  }
                })
            .sink(
                "receive",
                (long[] m) -> {
                  long now = System.nanoTime();
                  byte[] payload = payloads[(int) (m[1] & 3)];
                  if (payload[payload.length - 1] != 7) {
                    throw new IllegalStateException("payload not intact");
                  }
                  if (m[1] >= WARMUP) {
                    latency.recordValue(Math.max(0, now - m[0]));
                  }
                  firstAndCount[0] = firstAndCount[1]++ == WARMUP ? now : firstAndCount[0];
                },
                "send")
            .build();
    graph.start().await();
    long took = System.nanoTime() - firstAndCount[0];
    return new Result(latency, took / 1e9, firstAndCount[1] - WARMUP - 1);
  }

  /**
   * Waits until {@code next}, then returns the one after. It parks rather than spins: on two cores
   * a spinning sender takes the core its receiver needs, and the gaps need not be exact.
   */
  static long pace(long next, long pace) {
    if (pace > 0) {
      for (long left; (left = next - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(left);
      }
    }
    return next + pace;
  }

  /** CPU per second of wall time spent by a reader waiting on a channel nothing is sent on. */
  private static double idleCpuMillisPerSecond() throws InterruptedException {
    try (ShmChannel channel =
        ShmChannel.create(ShmFiles.newFile("idle"), 8, 4096, OverflowPolicy.BLOCK)) {
      ShmReader reader = channel.reader();
      ShmWriter writer = channel.writer();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] cpu = new long[2];
      CountDownLatch started = new CountDownLatch(1);
      Thread waiter =
          Thread.ofPlatform()
              .start(() -> {
                cpu[0] = threads.getCurrentThreadCpuTime();
                started.countDown();
                reader.take(() -> false);
                cpu[1] = threads.getCurrentThreadCpuTime();
              });
      started.await();
      long began = System.nanoTime();
      LockSupport.parkNanos(3_000_000_000L);
      writer.end();
      waiter.join();
      double seconds = (System.nanoTime() - began) / 1e9;
      return (cpu[1] - cpu[0]) / 1e6 / seconds;
    }
  }

  private static void check(Process sender) throws InterruptedException {
    int code = sender.waitFor();
    if (code != 0) {
      throw new IllegalStateException("the sender exited with code " + code);
    }
  }

  private static long readLong(byte[] b) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  private static void writeLong(byte[] b, long v) {
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
  }

  /** The sending process: {@code send shm FILE SIZE COUNT PACE} or {@code send tcp PORT ...}. */
  private static final class Sender {
    static void main(String[] args) throws Exception {
      String way = args[1];
      int size = Integer.parseInt(args[3]);
      int count = Integer.parseInt(args[4]);
      long pace = Long.parseLong(args[5]);
      if (way.equals("shm")) {
        try (ShmChannel channel = ShmChannel.open(Path.of(args[2]))) {
          ShmWriter writer = channel.writer();
          long next = System.nanoTime();
          for (int i = 0; i < WARMUP + count; i++) {
            next = i < WARMUP ? System.nanoTime() : pace(next, pace);
            int n = i < WARMUP ? WARMUP_SIZE : size;
            MemorySegment buffer = writer.loan(n, () -> false);
            buffer.set(ValueLayout.JAVA_BYTE, n - 1, (byte) 7); // the payload, written in place
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, System.nanoTime());
            writer.publish(n, ShmLayout.KIND_BYTES);
          }
          writer.end();
        }
        return;
      }
      try (Socket socket =
          new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[2]))) {
        socket.setTcpNoDelay(true);
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * KB));
        byte[] payload = new byte[size];
        payload[size - 1] = 7;
        byte[] small = new byte[WARMUP_SIZE];
        small[WARMUP_SIZE - 1] = 7;
        long next = System.nanoTime();
        for (int i = 0; i < WARMUP + count; i++) {
          next = i < WARMUP ? System.nanoTime() : pace(next, pace);
          byte[] message = i < WARMUP ? small : payload;
          writeLong(message, System.nanoTime());
          out.writeInt(message.length);
          out.write(message);
          out.flush();
        }
        out.writeInt(-1);
        out.flush();
      }
    }
  }
}
