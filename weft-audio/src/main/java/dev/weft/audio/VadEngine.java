package dev.weft.audio;

/**
 * What {@code audio.vad} asks of a voice activity detector: for each analysis frame, in order, the
 * probability that it holds speech. An engine may keep state across frames (a noise estimate, a
 * recurrent model's memory), so one engine serves one stream.
 */
public interface VadEngine extends AutoCloseable {

  /**
   * The probability, from 0 to 1, that {@code frame} holds speech: mono samples normalised to [-1,
   * 1), exactly one analysis frame long (the length the engine was made for), in stream order.
   */
  float speechProbability(float[] frame);

  /** Frees what the engine holds outside the Java heap; the default holds nothing. */
  @Override
  default void close() {}

  /** Makes an engine once the stream's sample rate is known. */
  @FunctionalInterface
  interface Factory {
    /**
     * An engine for frames of {@code frameLength} samples at {@code sampleRate} Hz.
     *
     * @throws IllegalArgumentException when the engine cannot work at that rate or length, saying
     *     what it can
     */
    VadEngine create(int sampleRate, int frameLength);
  }
}
