package dev.weft.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Designs the steep stage of a rate reduction, which {@link FftStage} runs: a Kaiser-windowed sinc
 * low-pass at the input rate that keeps every {@code D}-th output ({@link #factor()}), computed by
 * FFT (JTransforms) rather than one dot product per output.
 *
 * <p>Output {@code m} is {@code sum(h[n] * x[D * m + c - n])} over the prototype's {@code K} taps,
 * {@code c = (K - 1) / 2} its centre, so output {@code m} sits at input time {@code D * m}. Split
 * by {@code n = D * q + r}, that is {@code D} convolutions at the output rate, one per branch
 * {@code r}: branch {@code r}'s input is {@code x[D * j + c - r]} and its filter {@code h[D * q +
 * r]}, {@link #branchTaps()} long. Each block of {@link #block()} outputs takes one forward FFT of
 * {@link #size()} points per branch, the branches' spectra times their filters' summed, and one
 * inverse FFT (overlap-save): so the FFTs run at the output rate, whatever {@code D} is.
 */
final class LowPassDecimator {

  private final int factor;
  private final int branchTaps;
  private final int size;
  private final int centre;
  private final double[] prototype;
  private final double[][] spectra;
  private final DoubleFFT_1D fft;

  /**
   * A low-pass at {@code inRate}, flat to {@code passHz} and down by {@code rejectionDb} from
   * {@code stopHz}, that keeps every {@code factor}-th output.
   */
  LowPassDecimator(int inRate, int factor, double passHz, double stopHz, double rejectionDb) {
    this.factor = factor;
    int taps = Kaiser.length(rejectionDb, (stopHz - passHz) / inRate) | 1;
    this.centre = (taps - 1) / 2;
    this.prototype =
        Kaiser.lowPass(
            taps, centre, centre + 1, (passHz + stopHz) / 2 / inRate, Kaiser.beta(rejectionDb), 1);
    this.branchTaps = Math.ceilDiv(taps, factor);
    this.size = Integer.highestOneBit(Math.max(16, 3 * branchTaps - 1)) * 2;
    this.fft = new DoubleFFT_1D(size);
    this.spectra = new double[factor][size];
    for (int r = 0; r < factor; r++) {
      for (int q = 0; q < branchTaps && factor * q + r < taps; q++) {
        spectra[r][q] = prototype[factor * q + r] * 2 / size;
      }
      fft.realForward(spectra[r]);
    }
  }

  /** {@code D}: one output for every {@code D} input samples. */
  int factor() {
    return factor;
  }

  /** Taps per branch: {@code ceil(K / D)}. */
  int branchTaps() {
    return branchTaps;
  }

  /** The FFT size, a power of two of at least three times {@link #branchTaps()}. */
  int size() {
    return size;
  }

  /** Outputs per block: {@code size() - branchTaps() + 1}. */
  int block() {
    return size - branchTaps + 1;
  }

  /** {@code c}: the prototype's centre, the input samples each output looks ahead. */
  int centre() {
    return centre;
  }

  /** The prototype at the input rate (a copy), with a gain of 1. */
  double[] prototype() {
    return prototype.clone();
  }

  /**
   * Branch {@code r}'s filter as a spectrum (JTransforms' real layout), scaled by 2 / size: an
   * unscaled inverse then gives the convolution.
   */
  double[] spectrum(int r) {
    return spectra[r];
  }

  /** The transforms of {@link #size()} points (one thread; not for two threads at once). */
  DoubleFFT_1D fft() {
    return fft;
  }

  /**
   * The most an output waits for input, in seconds at {@code inRate}: the first output of a block
   * waits for the block's last, and that one for the filter's look-ahead.
   */
  double latencySeconds(int inRate) {
    return ((double) factor * (block() - 1) + centre) / inRate;
  }
}
