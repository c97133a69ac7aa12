package dev.weft.audio;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The default engine of {@code audio.vad}: a statistical voice activity detector over band
 * energies, with a noise floor tracked per band so that stationary noise is learnt, not taken for
 * speech.
 *
 * <p>Each frame is Hann-windowed and transformed (JTransforms, the next power of two at or above
 * the frame length); the power spectrum is summed into {@value #BANDS} bands spaced evenly on a log
 * scale from 150 Hz to 7.5 kHz (or 0.47 of the rate, whichever is lower). Per band:
 *
 * <ul>
 *   <li>the noise power {@code N} follows the band's power where the frame is unlikely to be speech
 *       (the update is weighted by one minus the previous frame's probability), falls at once to a
 *       power below it, and is lifted to at least the band's minimum over the last 2.4 s of
 *       smoothed power times a bias: so noise that grows while speech goes on is still learnt;
 *   <li>the a-posteriori SNR {@code g = E / N} and the a-priori SNR {@code x} (decision-directed:
 *       the last frame's speech estimate and this frame's excess power) give the log likelihood
 *       ratio of speech over noise for Gaussian spectra, {@code g x / (1 + x) - ln(1 + x)}.
 * </ul>
 *
 * The mean log likelihood ratio over the bands, capped at 1 and smoothed over frames (half this
 * frame's, half the smoothed value before), through a logistic function centred at 0.15, is the
 * frame's probability of speech.
 */
public final class NativeVad implements VadEngine {

  /** The number of analysis bands. */
  static final int BANDS = 20;

  private static final double LOW_HZ = 150;
  private static final double HIGH_HZ = 7500;

  /** Power per bin below which a band counts as silent: about -100 dBFS. */
  private static final double FLOOR = 1e-11;

  /** Weight of the last frame's speech estimate in the a-priori SNR. */
  private static final double DECISION_DIRECTED = 0.96;

  private static final double MIN_PRIOR = 0.003;
  private static final double MAX_POSTERIOR = 1000;

  /** How far per frame the noise follows a band's power when the frame is surely not speech. */
  private static final double NOISE_FOLLOW = 0.2;

  /** The minimum over the recent past times this is the lowest the noise estimate may be. */
  private static final double MINIMUM_BIAS = 1.6;

  private static final double MINIMUM_SECONDS = 2.4;
  private static final int MINIMUM_WINDOWS = 6;

  /** The mean log likelihood ratio at which the probability is one half. */
  private static final double CENTRE = 0.15;

  private static final double SLOPE = 10;

  /** The weight of the past in the smoothed log likelihood ratio. */
  private static final double SMOOTHING = 0.5;

  /** The highest mean log likelihood ratio a frame adds to the smoothed one. */
  private static final double CAP = 1;

  private final int length;
  private final int size;
  private final FloatFFT_1D fft;
  private final float[] window;
  private final float[] buffer;
  private final int[] bandStart = new int[BANDS];
  private final int[] bandEnd = new int[BANDS];
  private final double[] floor = new double[BANDS];
  private final double[] noise = new double[BANDS];
  private final double[] cleanEstimate = new double[BANDS];
  private final double[] smoothed = new double[BANDS];
  private final double[] currentMinimum = new double[BANDS];
  private final double[][] pastMinima = new double[MINIMUM_WINDOWS][BANDS];
  private final int framesPerWindow;
  private final double scale;
  private int frameInWindow;
  private int windowIndex;
  private boolean started;
  private float lastProbability;
  private double ratio;

  /**
   * An engine for frames of {@code frameLength} samples at {@code sampleRate} Hz.
   *
   * @throws IllegalArgumentException when the frame is shorter than 5 ms or longer than 100 ms
   */
  public NativeVad(int sampleRate, int frameLength) {
    if (frameLength < sampleRate / 200 || frameLength > sampleRate / 10) {
      throw new IllegalArgumentException(
          "the native VAD takes frames of 5 to 100 ms, not "
              + frameLength
              + " samples at "
              + sampleRate
              + " Hz");
    }
    this.length = frameLength;
    this.size = Integer.highestOneBit(frameLength - 1) << 1;
    this.fft = new FloatFFT_1D(size);
    this.window = new float[frameLength];
    double sum = 0;
    for (int i = 0; i < frameLength; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / frameLength));
      sum += window[i];
    }
    // A full-scale sine's peak bin has a power of about 1.
    this.scale = 4 / (sum * sum);
    this.buffer = new float[size];
    double high = Math.min(HIGH_HZ, 0.47 * sampleRate);
    double binHz = (double) sampleRate / size;
    int previous = (int) Math.round(LOW_HZ / binHz);
    for (int b = 0; b < BANDS; b++) {
      double edge = LOW_HZ * Math.pow(high / LOW_HZ, (b + 1) / (double) BANDS);
      int end = Math.max(previous + 1, (int) Math.round(edge / binHz));
      bandStart[b] = previous;
      bandEnd[b] = Math.min(end, size / 2);
      floor[b] = FLOOR * (bandEnd[b] - bandStart[b]);
      previous = bandEnd[b];
    }
    double frameSeconds = (double) frameLength / sampleRate;
    this.framesPerWindow =
        Math.max(1, (int) Math.round(MINIMUM_SECONDS / MINIMUM_WINDOWS / frameSeconds));
  }

  @Override
  public float speechProbability(float[] frame) {
    float[] x = buffer;
    for (int i = 0; i < length; i++) {
      x[i] = frame[i] * window[i];
    }
    java.util.Arrays.fill(x, length, size, 0f);
    fft.realForward(x);
    double weight = 1 - lastProbability;
    double sum = 0;
    for (int b = 0; b < BANDS; b++) {
      double e = 0;
      for (int k = bandStart[b], end = bandEnd[b]; k < end; k++) {
        float re = x[2 * k];
        float im = x[2 * k + 1];
        e += re * re + im * im;
      }
      e = Math.max(e * scale, floor[b]);
      sum += likelihood(b, e, weight);
    }
    nextWindow();
    // Smoothed over frames (noise flickers, speech lasts), capped first so that loud speech does
    // not linger once it stops.
    ratio = SMOOTHING * ratio + (1 - SMOOTHING) * Math.min(CAP, sum / BANDS);
    float p = (float) (1 / (1 + Math.exp(-SLOPE * (ratio - CENTRE))));
    lastProbability = p;
    started = true;
    return p;
  }

  /** Band {@code b}'s log likelihood ratio for power {@code e}; updates its noise estimate. */
  private double likelihood(int b, double e, double weight) {
    if (!started) {
      noise[b] = e;
      smoothed[b] = e;
      currentMinimum[b] = e;
      for (double[] past : pastMinima) {
        past[b] = e;
      }
    }
    double n = noise[b];
    double posterior = Math.min(e / n, MAX_POSTERIOR);
    double prior =
        Math.max(
            MIN_PRIOR,
            DECISION_DIRECTED * cleanEstimate[b] / n
                + (1 - DECISION_DIRECTED) * Math.max(posterior - 1, 0));
    double gain = prior / (1 + prior);
    double ratio = posterior * gain - Math.log1p(prior);
    cleanEstimate[b] = gain * gain * e;
    // The noise estimate, for the next frame.
    smoothed[b] = 0.7 * smoothed[b] + 0.3 * e;
    currentMinimum[b] = Math.min(currentMinimum[b], smoothed[b]);
    if (e < n) {
      n = e;
    } else {
      n += NOISE_FOLLOW * weight * (e - n);
    }
    double minimum = currentMinimum[b];
    for (double[] past : pastMinima) {
      minimum = Math.min(minimum, past[b]);
    }
    noise[b] = Math.max(n, MINIMUM_BIAS * minimum);
    return ratio;
  }

  /** Moves the minimum's sub-window on once it is full. */
  private void nextWindow() {
    if (++frameInWindow < framesPerWindow) {
      return;
    }
    frameInWindow = 0;
    windowIndex = (windowIndex + 1) % MINIMUM_WINDOWS;
    System.arraycopy(currentMinimum, 0, pastMinima[windowIndex], 0, BANDS);
    java.util.Arrays.fill(currentMinimum, Double.MAX_VALUE);
  }
}
