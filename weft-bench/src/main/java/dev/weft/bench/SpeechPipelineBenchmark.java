package dev.weft.bench;

import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole speech example, {@code examples/speech-segments.yaml} (48 kHz WAV, resampled to 16 kHz,
 * {@code audio.vad}, {@code audio.segmenter}, {@code audio.segment-writer}), run as {@code weft
 * run} runs it, on 12 sentences from {@code examples/make-speech.sh} (53.5 s of audio):
 * milliseconds per run, so the real-time factor is 51.7 s over the time.
 *
 * <p>Run from the repository root: {@code java --sun-misc-unsafe-memory-access=allow
 * --enable-native-access=ALL-UNNAMED -jar weft-bench/target/benchmarks.jar SpeechPipelineBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class SpeechPipelineBenchmark {

  private Pipeline pipeline;
  private NodeTypes types;

  /** Copies the example beside 12 sentences of speech. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("speech-example");
    Files.createDirectories(dir.resolve("data"));
    Files.copy(
        Path.of("examples/speech-segments.yaml"),
        dir.resolve("speech-segments.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    SpeechCorpus.run(
        java.util.List.of(
            "bash",
            "examples/make-speech.sh",
            "--out",
            dir.resolve("data/speech.wav").toString(),
            "--sentences",
            "12"));
    types = NodeTypes.load();
    pipeline = Manifests.load(dir.resolve("speech-segments.yaml"), Map.of(), types).orThrow();
  }

  /** One run of the example; its outcome, checked. */
  @Benchmark
  public StreamResult run() throws Exception {
    StreamResult result = StreamPipelines.graph(pipeline, types).start().await();
    if (result.status() != StreamResult.Status.SUCCEEDED) {
      throw new IllegalStateException("the example failed: " + result.error());
    }
    return result;
  }
}
