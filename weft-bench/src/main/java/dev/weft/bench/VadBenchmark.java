package dev.weft.bench;

import dev.weft.audio.AudioFrame;
import dev.weft.audio.NativeVad;
import dev.weft.audio.SileroVad;
import dev.weft.audio.VadFrame;
import dev.weft.audio.VadType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Microseconds per 30 ms frame at 16 kHz, one frame per operation, frames taken in turn from 50 s
 * of speech in pink noise at 10 dB SNR ({@code examples/make-speech.sh}):
 *
 * <ul>
 *   <li>{@code native}: {@link NativeVad} on a float frame, the engine alone;
 *   <li>{@code native-node}: {@code audio.vad} as a pipeline runs it, an i16 {@link AudioFrame} in
 *       and a {@link VadFrame} out (mono read, onset and hangover included);
 *   <li>{@code webrtc}: the WebRTC VAD of {@code libwebrtc-audio-processing1} (mode 2) through FFM,
 *       the 16-bit frame copied into native memory first;
 *   <li>{@code silero}: {@link SileroVad}, the Silero v5 model on ONNX Runtime, one thread.
 * </ul>
 *
 * <p>Run from the repository root: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests &&
 * java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar
 * weft-bench/target/benchmarks.jar VadBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class VadBenchmark {

  @Param({"native", "native-node", "webrtc", "silero"})
  String engine;

  private short[] samples;
  private float[][] floats;
  private List<AudioFrame> frames;
  private int next;
  private NativeVad nativeVad;
  private NodeDriver<AudioFrame, VadFrame> node;
  private WebRtcVad webrtc;
  private SileroVad silero;

  /** Makes the speech and the engine. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SpeechCorpus.Recording speech =
        SpeechCorpus.make(Files.createTempDirectory("vad-bench"), 16000, 10, 12);
    samples = speech.samples();
    frames = VadAccuracy.frames(speech);
    float[] all = speech.floats();
    floats = new float[frames.size()][VadAccuracy.FRAME];
    for (int f = 0; f < floats.length; f++) {
      System.arraycopy(all, f * VadAccuracy.FRAME, floats[f], 0, VadAccuracy.FRAME);
    }
    switch (engine) {
      case "native" -> nativeVad = new NativeVad(16000, VadAccuracy.FRAME);
      case "native-node" -> node = new NodeDriver<>(new VadType(), Map.of());
      case "webrtc" -> webrtc = new WebRtcVad(16000, VadAccuracy.FRAME, 2);
      case "silero" -> {
        Path model = VadAccuracy.DEFAULT_MODEL;
        if (!Files.isRegularFile(model)) {
          throw new IllegalStateException(
              "no Silero model at " + model + ": run the weft-audio tests first");
        }
        silero = new SileroVad(model, 16000, VadAccuracy.FRAME);
      }
      default -> throw new IllegalArgumentException(engine);
    }
  }

  /** Frees the native engines. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (webrtc != null) {
      webrtc.close();
    }
    if (silero != null) {
      silero.close();
    }
  }

  /** One frame through the engine; its probability or decision. */
  @Benchmark
  public Object frame() throws Exception {
    int f = next;
    next = f + 1 == floats.length ? 0 : f + 1;
    return switch (engine) {
      case "native" -> nativeVad.speechProbability(floats[f]);
      case "native-node" -> node.process(frames.get(f)).getFirst().speech();
      case "webrtc" -> webrtc.isSpeech(samples, f * VadAccuracy.FRAME);
      default -> silero.speechProbability(floats[f]);
    };
  }
}
