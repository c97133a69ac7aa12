package dev.weft.bench;

import dev.weft.audio.AudioFrame;
import dev.weft.audio.FormatType;
import dev.weft.audio.SampleFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Samples per second through {@code audio.format} as a pipeline runs it: one second of 48 kHz
 * stereo noise in 20 ms frames, per conversion ({@code i16-f32}: i16 to f32; {@code f32-i16}: f32
 * to i16; {@code f32-i16-tpdf}: the same with dither; {@code stereo-mono}: i16 stereo mixed to
 * mono; {@code planar}: i16 interleaved to planar). One operation is one sample in.
 *
 * <p>Run: {@code java --sun-misc-unsafe-memory-access=allow -jar weft-bench/target/benchmarks.jar
 * FormatBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class FormatBenchmark {

  private static final int RATE = 48000;
  private static final int SAMPLES = RATE * 2;

  @Param({"i16-f32", "f32-i16", "f32-i16-tpdf", "stereo-mono", "planar"})
  String conversion;

  private List<AudioFrame> frames;
  private NodeDriver<AudioFrame, AudioFrame> node;

  /** Makes the noise and the node. */
  @Setup(Level.Trial)
  public void setUp() {
    SampleFormat from = conversion.startsWith("f32") ? SampleFormat.F32 : SampleFormat.I16;
    SplittableRandom random = new SplittableRandom(1);
    frames = new ArrayList<>();
    for (int f = 0; f < 50; f++) {
      double[] x = new double[RATE / 50 * 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextDouble(-0.5, 0.5);
      }
      frames.add(AudioFrame.of(RATE, 2, from, x, Duration.ofMillis(20L * f), f));
    }
    Map<String, Object> with = new LinkedHashMap<>();
    switch (conversion) {
      case "i16-f32" -> with.put("format", "f32");
      case "f32-i16" -> with.put("format", "i16");
      case "f32-i16-tpdf" -> {
        with.put("format", "i16");
        with.put("dither", "tpdf");
      }
      case "stereo-mono" -> with.put("channels", 1);
      default -> with.put("layout", "planar");
    }
    node = new NodeDriver<>(new FormatType(), with);
  }

  /** One second of audio converted; the samples out. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int convert() throws Exception {
    int out = 0;
    for (AudioFrame frame : frames) {
      out += node.process(frame).getFirst().length();
    }
    return out;
  }
}
