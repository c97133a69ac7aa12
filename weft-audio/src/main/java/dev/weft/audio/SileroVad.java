package dev.weft.audio;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code silero} engine of {@code audio.vad}: the Silero VAD model (version 5, ONNX) run by
 * ONNX Runtime, at 8 or 16 kHz.
 *
 * <p>The model reads a window of 512 samples at 16 kHz (256 at 8 kHz) after 64 (32) samples of
 * context, and carries a recurrent state from call to call. For each analysis frame (at most one
 * window long) the engine hands it the latest context and window of the stream, silence before the
 * stream's start, so the model sees every sample and the decision is made once per frame.
 */
public final class SileroVad implements VadEngine {

  private final OrtSession session;
  private final OrtEnvironment environment;
  private final int rate;
  private final float[] history;
  private final float[] state = new float[2 * 128];

  /**
   * Loads {@code model} for frames of {@code frameLength} samples at {@code sampleRate} Hz.
   *
   * @throws IllegalArgumentException when the rate is not 8000 or 16000 Hz, the frame is longer
   *     than the model's window, or the file is not a model ONNX Runtime can load, saying which
   */
  public SileroVad(Path model, int sampleRate, int frameLength) {
    if (sampleRate != 8000 && sampleRate != 16000) {
      throw new IllegalArgumentException(
          "the silero VAD works at 8000 or 16000 Hz, not "
              + sampleRate
              + " Hz; put audio.resample (e.g. rate: 16000) before it");
    }
    int window = sampleRate == 16000 ? 512 : 256;
    if (frameLength > window) {
      throw new IllegalArgumentException(
          "the silero VAD takes frames of at most " + window + " samples at " + sampleRate + " Hz");
    }
    this.rate = sampleRate;
    this.history = new float[window + window / 8];
    this.environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      this.session = environment.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          model + ": ONNX Runtime cannot load it as a model: " + e.getMessage(), e);
    }
    if (!session.getInputNames().containsAll(java.util.Set.of("input", "state", "sr"))) {
      String inputs = String.join(", ", session.getInputNames());
      close();
      throw new IllegalArgumentException(
          model
              + ": not a Silero VAD v5 model (its inputs are "
              + inputs
              + ", not input, state and sr)");
    }
  }

  @Override
  public float speechProbability(float[] frame) {
    int n = frame.length;
    System.arraycopy(history, n, history, 0, history.length - n);
    System.arraycopy(frame, 0, history, history.length - n, n);
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                environment, FloatBuffer.wrap(history), new long[] {1, history.length});
        OnnxTensor memory =
            OnnxTensor.createTensor(environment, FloatBuffer.wrap(state), new long[] {2, 1, 128});
        OnnxTensor sr =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {rate}), new long[0]);
        OrtSession.Result result = session.run(Map.of("input", input, "state", memory, "sr", sr))) {
      float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
      ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer().get(state);
      return probability;
    } catch (OrtException e) {
      throw new IllegalStateException("the silero VAD model failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the silero VAD model: " + e.getMessage(), e);
    }
  }
}
