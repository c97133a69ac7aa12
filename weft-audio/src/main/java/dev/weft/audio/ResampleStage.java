package dev.weft.audio;

/**
 * One stage of a {@link Resampler}, for one channel: takes input samples, writes every output
 * sample they complete. Output {@code m} depends only on the input, never on how it was split into
 * calls, so the output is the same whatever the frame size.
 */
interface ResampleStage {

  /** Takes {@code x[0..length)}, the next input samples; appends the output they complete. */
  void accept(double[] x, int length, Samples out);

  /** How many input samples the first {@code outputs} output samples are made of. */
  long needed(long outputs);

  /**
   * Ends the input: pads it with silence and appends the output samples still missing up to {@code
   * outputs} in all (none when that many are out already).
   */
  void finish(long outputs, Samples out);
}
