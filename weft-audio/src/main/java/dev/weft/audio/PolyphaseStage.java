package dev.weft.audio;

/**
 * A {@link ResampleFilter} run on one channel: output sample {@code m} is the filter at upsampled
 * time {@code m * M + delay}, one dot product of {@link ResampleFilter#taps()} input samples.
 */
final class PolyphaseStage implements ResampleStage {

  private final ResampleFilter filter;
  private final SampleHistory input;
  private long produced;

  /** The next output's phase and newest input sample: its time {@code t} is newest * L + phase. */
  private int phase;

  private long newest;

  PolyphaseStage(ResampleFilter filter) {
    this.filter = filter;
    this.input = new SampleHistory(-(filter.taps() - 1));
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
    int up = filter.up();
    int stepPhase = filter.down() % up;
    int stepWhole = filter.down() / up;
    long available = input.end();
    while (produced < end && newest < available) {
      out.add(dot(filter.phase(phase), x, input.offset(newest)));
      produced++;
      phase += stepPhase;
      newest += stepWhole;
      if (phase >= up) {
        phase -= up;
        newest++;
      }
    }
    input.discardBefore(newest - filter.taps() + 1);
  }

  /** The newest input sample output {@code m} is made of. */
  private long newestOf(long m) {
    return (m * filter.down() + filter.delay()) / filter.up();
  }

  /**
   * {@code sum(phase[j] * x[newest - j])}, in four running sums so the additions do not wait on
   * each other (the order is fixed, so the result does not depend on how the input was framed).
   */
  private static double dot(double[] phase, double[] x, int newest) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int taps = phase.length;
    int j = 0;
    for (; j + 3 < taps; j += 4) {
      s0 += phase[j] * x[newest - j];
      s1 += phase[j + 1] * x[newest - j - 1];
      s2 += phase[j + 2] * x[newest - j - 2];
      s3 += phase[j + 3] * x[newest - j - 3];
    }
    for (; j < taps; j++) {
      s0 += phase[j] * x[newest - j];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
