package dev.weft.audio;

/**
 * A {@link LowPassDecimator} run on one channel, a block of {@link LowPassDecimator#block()}
 * outputs at a time (overlap-save). Blocks start at fixed output indices, so the output does not
 * depend on how the input was framed; a block is written once its last input sample is in.
 */
final class FftStage implements ResampleStage {

  private final LowPassDecimator filter;
  private final int factor;
  private final int taps;
  private final int centre;
  private final SampleHistory input;
  private final double[] work;
  private final double[] sum;
  private long produced;

  FftStage(LowPassDecimator filter) {
    this.filter = filter;
    this.factor = filter.factor();
    this.taps = filter.branchTaps();
    this.centre = filter.centre();
    this.input = new SampleHistory(Math.min(0, firstInput(0)));
    this.work = new double[filter.size()];
    this.sum = new double[filter.size()];
  }

  @Override
  public void accept(double[] x, int length, Samples out) {
    input.append(x, length);
    while (lastInput(produced) < input.end()) {
      block(filter.block(), out);
    }
  }

  @Override
  public long needed(long outputs) {
    return outputs == 0 ? 0 : factor * (outputs - 1) + centre + 1;
  }

  @Override
  public void finish(long outputs, Samples out) {
    while (produced < outputs) {
      input.appendSilence(lastInput(produced) + 1);
      block((int) Math.min(filter.block(), outputs - produced), out);
    }
  }

  /** Computes the block of outputs from {@code produced}; appends the first {@code emit}. */
  private void block(int emit, Samples out) {
    double[] x = input.array();
    int n = work.length;
    long first = produced - taps + 1;
    for (int r = 0; r < factor; r++) {
      int at = input.offset(factor * first + centre - r);
      if (factor == 1) {
        System.arraycopy(x, at, work, 0, n);
      } else {
        for (int i = 0; i < n; i++) {
          work[i] = x[at + factor * i];
        }
      }
      filter.fft().realForward(work);
      multiplyAdd(work, filter.spectrum(r), sum, r > 0);
    }
    filter.fft().realInverse(sum, false);
    out.addAll(sum, taps - 1, emit);
    produced += filter.block();
    input.discardBefore(firstInput(produced));
  }

  /**
   * {@code sum += a * b} when {@code add}, else {@code sum = a * b}, bin by bin, in JTransforms'
   * real layout (bins 0 and n/2 in [0], [1]).
   */
  private static void multiplyAdd(double[] a, double[] b, double[] sum, boolean add) {
    sum[0] = (add ? sum[0] : 0) + a[0] * b[0];
    sum[1] = (add ? sum[1] : 0) + a[1] * b[1];
    for (int k = 2; k < a.length; k += 2) {
      double re = a[k] * b[k] - a[k + 1] * b[k + 1];
      double im = a[k] * b[k + 1] + a[k + 1] * b[k];
      sum[k] = (add ? sum[k] : 0) + re;
      sum[k + 1] = (add ? sum[k + 1] : 0) + im;
    }
  }

  /** The oldest input sample the block from output {@code from} reads. */
  private long firstInput(long from) {
    return factor * (from - taps + 1) + centre - (factor - 1);
  }

  /** The newest input sample the block from output {@code from} reads. */
  private long lastInput(long from) {
    return factor * (from + filter.block() - 1) + centre;
  }
}
