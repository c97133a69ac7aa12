package dev.weft.bench;

import dev.weft.audio.AudioFrame;
import dev.weft.audio.ResampleType;
import dev.weft.audio.SampleFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Milliseconds per second of mono f32 audio resampled, on 10 s of speech ({@code
 * examples/make-speech.sh}) at the input rate: {@code audio.resample} ({@code high}, {@code medium}
 * and {@code low}) as a pipeline runs it, 20 ms frames in, state carried across them; beside
 * libsoxr ({@code libsoxr0}, through FFM) at {@code SOXR_HQ}, the quality of {@code sox rate -h},
 * in one call over the whole buffer. {@link ResampleComparison} times {@code sox rate -h} itself
 * and measures the quality of all three.
 *
 * <p>Run from the repository root: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests &&
 * java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar
 * weft-bench/target/benchmarks.jar ResampleBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class ResampleBenchmark {

  static final int SECONDS = 10;

  @Param({"48000-16000", "44100-16000"})
  String rates;

  @Param({"weft-high", "weft-medium", "weft-low", "soxr-hq"})
  String resampler;

  private int inRate;
  private int outRate;
  private float[] samples;
  private List<AudioFrame> frames;

  /** Makes the speech at the input rate. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    inRate = Integer.parseInt(rates.split("-")[0]);
    outRate = Integer.parseInt(rates.split("-")[1]);
    float[] speech =
        SpeechCorpus.make(Files.createTempDirectory("resample-bench"), inRate, null, 4).floats();
    samples = java.util.Arrays.copyOf(speech, inRate * SECONDS);
    frames = frames(samples, inRate, inRate / 50);
  }

  /** {@code samples} as mono f32 frames of {@code length} samples. */
  static List<AudioFrame> frames(float[] samples, int rate, int length) {
    List<AudioFrame> frames = new ArrayList<>();
    for (int at = 0; at < samples.length; at += length) {
      int n = Math.min(length, samples.length - at);
      ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(samples, at, n);
      frames.add(
          new AudioFrame(
              rate,
              1,
              SampleFormat.F32,
              bytes,
              Duration.ofNanos(at * 1_000_000_000L / rate),
              frames.size()));
    }
    return frames;
  }

  /** The whole input resampled; the number of samples out. */
  @Benchmark
  @OperationsPerInvocation(SECONDS)
  public int resample() throws Exception {
    if (resampler.equals("soxr-hq")) {
      return Soxr.resample(samples, inRate, outRate).length;
    }
    String quality = resampler.substring("weft-".length());
    List<AudioFrame> out =
        new NodeDriver<AudioFrame, AudioFrame>(
                new ResampleType(), Map.of("rate", outRate, "quality", quality))
            .runAll(frames);
    int total = 0;
    for (AudioFrame f : out) {
      total += f.length();
    }
    return total;
  }
}
