package dev.weft.audio;

/**
 * A {@link ResampleFilter} run on one channel: output sample {@code m} is the filter at upsampled
 * time {@code m * M + delay}, one dot product of {@link ResampleFilter#taps()} input samples.
 *
 * <p>The loop over outputs is a dot product over two contiguous runs ({@link
 * ResampleFilter#coefficients()}, the input) and two table look-ups for the next phase and input
 * sample, with no division per output.
 */
final class PolyphaseStage implements ResampleStage {

  private final ResampleFilter filter;
  private final SampleHistory input;
  private final int taps;
  private final double[] coefficients;

  private long produced;

  /** The next output's phase and newest input sample: its time {@code t} is newest * L + phase. */
  private int phase;

  private long newest;

  PolyphaseStage(ResampleFilter filter) {
    this.filter = filter;
    this.taps = filter.taps();
    this.coefficients = filter.coefficients();
    this.input = new SampleHistory(-(taps - 1));
    this.phase = filter.delay() % filter.up();
    this.newest = filter.delay() / filter.up();
  }

  @Override
  public void accept(double[] x, int length, Samples out) {
    input.append(x, length);
    produce(Long.MAX_VALUE, out);
  }

  @Override
  public long needed(long outputs) {
    return outputs == 0 ? 0 : newestOf(outputs - 1) + 1;
  }

  @Override
  public void finish(long outputs, Samples out) {
    input.appendSilence(needed(outputs));
    produce(outputs, out);
  }

  /** Output samples from {@code produced} while their input is in and their index is below end. */
  private void produce(long end, Samples out) {
    double[] x = input.array();
    long available = input.end();
    if (newest < available && produced < end) {
      int at = input.offset(newest);
      int last = input.offset(available);
      int p = phase;
      long count = 0;
      long most = end - produced;
      while (at < last && count < most) {
        out.add(dot(coefficients, p * taps, x, at - taps + 1, taps));
        at += filter.advance(p);
        p = filter.nextPhase(p);
        count++;
      }
      produced += count;
      newest = available - (last - at);
      phase = p;
    }
    input.discardBefore(newest - taps + 1);
  }

  /** The newest input sample output {@code m} is made of. */
  private long newestOf(long m) {
    return (m * filter.down() + filter.delay()) / filter.up();
  }

  /**
   * {@code sum(c[from + k] * x[at + k])} over {@code taps}, in four running sums so the additions
   * do not wait on each other (the order is fixed, so the result does not depend on how the input
   * was framed).
   */
  private static double dot(double[] c, int from, double[] x, int at, int taps) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < taps; k += 4) {
      s0 += c[from + k] * x[at + k];
      s1 += c[from + k + 1] * x[at + k + 1];
      s2 += c[from + k + 2] * x[at + k + 2];
      s3 += c[from + k + 3] * x[at + k + 3];
    }
    for (; k < taps; k++) {
      s0 += c[from + k] * x[at + k];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
