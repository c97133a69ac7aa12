package dev.weft.bench;

import dev.weft.stream.Emitter;
import dev.weft.stream.OverflowPolicy;
import dev.weft.stream.StreamGraph;
import dev.weft.stream.StreamResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out: one source, four consumers, 1,000,000 messages that are all one payload of {@code
 * bytes}. Every consumer gets the same reference (zero-copy), so the time per message must not
 * depend on the payload's size: compare the 16-byte and the 1 MiB rows.
 *
 * <p>Run: {@code java -jar weft-bench/target/benchmarks.jar FanOutStreamBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class FanOutStreamBenchmark {

  static final int MESSAGES = 1_000_000;

  @Param({"16", "1048576"})
  int bytes;

  private byte[] payload;

  @Setup
  public void payload() {
    payload = new byte[bytes];
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public StreamResult weft() throws InterruptedException {
    StreamGraph.Builder graph =
        StreamGraph.builder("fan-out")
            .defaultEdge(8192, OverflowPolicy.BLOCK)
            .source(
                "frames",
                (Emitter<byte[]> out) -> {
                  for (int i = 0; i < MESSAGES; i++) {
                    out.emit(payload);
                  }
                });
    for (int c = 0; c < 4; c++) {
      graph.sink("consumer-" + c, (byte[] frame) -> {}, "frames");
    }
    StreamResult result = graph.build().start().await();
    for (int c = 0; c < 4; c++) {
      if (result.node("consumer-" + c).in() != MESSAGES) {
        throw new IllegalStateException(result.toString());
      }
    }
    return result;
  }
}
