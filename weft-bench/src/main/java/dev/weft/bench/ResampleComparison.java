package dev.weft.bench;

import dev.weft.audio.AudioFrame;
import dev.weft.audio.ResampleType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code audio.resample} ({@code high}, {@code medium}, {@code low}) beside {@code sox rate -h}
 * (Debian {@code sox}) and libsoxr at {@code SOXR_HQ} (Debian {@code libsoxr0}, through FFM), 48 →
 * 16 kHz and 44.1 → 16 kHz, mono f32:
 *
 * <ul>
 *   <li>time: CPU milliseconds per second of audio on 60 s of pink noise, the least of 15 runs
 *       after 3 to warm up, taking turns (CPU time, so that other work on a shared machine counts
 *       as little as it can); Weft as a pipeline runs it (20 ms frames made before the clock
 *       starts, frames out), libsoxr in one call; sox as a process reading and writing raw floats
 *       (its CPU time as bash's {@code times} reports it), shown as it is and less a sox that only
 *       copies the same file (its reading, writing and start-up);
 *   <li>pass band: the spread in dB of the gain of 40 tones from 100 Hz to 0.9 of the new Nyquist
 *       frequency (7.2 kHz);
 *   <li>rejection: how far below the input tones at 8.2, 9 and 12 kHz (above the new Nyquist
 *       frequency) come out, the worst of the three;
 *   <li>SNR: a 1 kHz sine at half scale against the sine fitted to the output (least squares, so a
 *       delay does not count).
 * </ul>
 *
 * <p>Run from the repository root: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests &&
 * java --enable-native-access=ALL-UNNAMED -cp weft-bench/target/benchmarks.jar
 * dev.weft.bench.ResampleComparison}
 */
public final class ResampleComparison {

  private static final int OUT = 16000;
  private static final int ROUNDS = 15;
  private static final String[] RESAMPLERS = {
    "weft-high", "weft-medium", "weft-low", "soxr-hq", "sox -h"
  };

  private ResampleComparison() {}

  /** Prints the tables. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("resample-comparison");
    System.out.println(
        "| rates | resampler | CPU ms per audio-second | pass band spread (dB) | rejection (dB) |"
            + " 1 kHz SNR (dB) |");
    System.out.println("|---|---|---|---|---|---|");
    for (int in : new int[] {48000, 44100}) {
      Path noise = dir.resolve("noise-" + in + ".f32");
      SpeechCorpus.run(
          List.of(
              "sox",
              "-R",
              "-n",
              "-r",
              "" + in,
              "-c",
              "1",
              "-t",
              "f32",
              noise.toString(),
              "synth",
              "60",
              "pinknoise",
              "gain",
              "-6"));
      float[] minute = read(noise);
      List<AudioFrame> frames = ResampleBenchmark.frames(minute, in, in / 50);
      Path out = dir.resolve("timed.f32");
      Map<String, Timed> tasks = new LinkedHashMap<>();
      for (String resampler : RESAMPLERS) {
        tasks.put(
            resampler,
            switch (resampler) {
              case "sox -h" -> () -> soxCpu(sox(in, noise, out, "rate", "-h", "" + OUT));
              case "soxr-hq" -> () -> Soxr.resample(minute, in, OUT);
              default -> () -> weft(resampler, frames);
            });
      }
      tasks.put("sox copy", () -> soxCpu(sox(in, noise, out)));
      Map<String, Double> best = best(tasks);
      for (String resampler : RESAMPLERS) {
        double ms = best.get(resampler) / 60;
        String time =
            resampler.equals("sox -h")
                ? String.format("%.3f (%.3f less a copy)", ms, ms - best.get("sox copy") / 60)
                : String.format("%.3f", ms);
        System.out.printf(
            "| %.1f -> 16 kHz | %s | %s | %.5f | %.1f | %.1f |%n",
            in / 1000.0,
            resampler,
            time,
            passBand(resampler, in, dir),
            rejection(resampler, in, dir),
            snr(resampler, in, dir));
      }
    }
  }

  /** {@code x} at {@code in} Hz resampled to 16 kHz by {@code resampler}. */
  static float[] resample(String resampler, float[] x, int in, Path dir) throws Exception {
    return switch (resampler) {
      case "soxr-hq" -> Soxr.resample(x, in, OUT);
      case "sox -h" -> sox(x, in, dir);
      default -> {
        List<AudioFrame> out = weft(resampler, ResampleBenchmark.frames(x, in, in / 50));
        int total = out.stream().mapToInt(AudioFrame::length).sum();
        float[] y = new float[total];
        int at = 0;
        for (AudioFrame f : out) {
          for (int i = 0; i < f.length(); i++) {
            y[at++] = (float) f.sample(i);
          }
        }
        yield y;
      }
    };
  }

  /** {@code frames} through {@code audio.resample} at {@code resampler}'s preset, to 16 kHz. */
  private static List<AudioFrame> weft(String resampler, List<AudioFrame> frames) throws Exception {
    return new NodeDriver<AudioFrame, AudioFrame>(
            new ResampleType(),
            Map.of("rate", OUT, "quality", resampler.substring("weft-".length())))
        .runAll(frames);
  }

  private static float[] sox(float[] x, int in, Path dir) throws IOException, InterruptedException {
    Path input = dir.resolve("in.f32");
    Path output = dir.resolve("out.f32");
    write(input, x);
    SpeechCorpus.run(sox(in, input, output, "rate", "-h", "" + OUT));
    return read(output);
  }

  /** sox reading raw mono floats at {@code in} Hz and writing raw floats, with {@code effects}. */
  private static List<String> sox(int in, Path input, Path output, String... effects) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("sox", "-t", "f32", "-r", "" + in, "-c", "1", input.toString()));
    command.addAll(List.of("-t", "f32", output.toString()));
    command.addAll(List.of(effects));
    return command;
  }

  /**
   * Runs {@code command} (a sox command line) under bash and returns the CPU time it took in ms,
   * user and system, as bash's {@code times} reports it for its children (to the millisecond).
   */
  private static double soxCpu(List<String> command) throws Exception {
    String line =
        String.join(" ", command.stream().map(word -> "'" + word + "'").toList()) + " && times";
    String[] times =
        new String(SpeechCorpus.run(List.of("bash", "-c", line)), StandardCharsets.UTF_8)
            .strip()
            .split("\\n");
    String[] children = times[times.length - 1].trim().split("\\s+");
    return (seconds(children[0]) + seconds(children[1])) * 1000;
  }

  /** bash's {@code 0m0.031s}, in seconds. */
  private static double seconds(String time) {
    int m = time.indexOf('m');
    return Integer.parseInt(time.substring(0, m)) * 60
        + Double.parseDouble(time.substring(m + 1, time.length() - 1));
  }

  /** A task to time; a {@link Double} it returns is the CPU time in ms of the process it ran. */
  @FunctionalInterface
  interface Timed {
    Object run() throws Exception;
  }

  /**
   * Each task's least CPU time in ms over {@value #ROUNDS} rounds after 3 to warm up, the tasks
   * taking turns within each round (so a spell of other work on the machine, which is shared, falls
   * on all of them): this thread's CPU time, or the time a task reports for the process it ran. CPU
   * time rather than wall time, so that other work counts as little as it can.
   */
  static Map<String, Double> best(Map<String, Timed> tasks) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Double> best = new LinkedHashMap<>();
    for (int round = 0; round < 3 + ROUNDS; round++) {
      for (Map.Entry<String, Timed> task : tasks.entrySet()) {
        long start = threads.getCurrentThreadCpuTime();
        Object result = task.getValue().run();
        double own = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        double ms = result instanceof Double process ? process : own;
        if (round >= 3) {
          best.merge(task.getKey(), ms, Math::min);
        }
      }
    }
    return best;
  }

  private static float[] tone(int rate, double frequency, double seconds) {
    float[] x = new float[(int) (rate * seconds)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return x;
  }

  /**
   * The least-squares fit of {@code a sin + b cos} at {@code frequency} to the middle 60 % of
   * {@code y}: {amplitude, power of what is left over, power of the fit}.
   */
  private static double[] fit(float[] y, double frequency) {
    int from = y.length / 5;
    int n = y.length - 2 * from;
    double[] sin = new double[n];
    double[] cos = new double[n];
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double ys = 0;
    double yc = 0;
    for (int i = 0; i < n; i++) {
      sin[i] = Math.sin(2 * Math.PI * frequency * (from + i) / OUT);
      cos[i] = Math.cos(2 * Math.PI * frequency * (from + i) / OUT);
      ss += sin[i] * sin[i];
      cc += cos[i] * cos[i];
      sc += sin[i] * cos[i];
      ys += y[from + i] * sin[i];
      yc += y[from + i] * cos[i];
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    double residual = 0;
    double signal = 0;
    for (int i = 0; i < n; i++) {
      double f = a * sin[i] + b * cos[i];
      residual += (y[from + i] - f) * (y[from + i] - f);
      signal += f * f;
    }
    return new double[] {Math.hypot(a, b), residual, signal};
  }

  private static double passBand(String resampler, int in, Path dir) throws Exception {
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (int k = 0; k < 40; k++) {
      double f = 100 * Math.pow(7200 / 100.0, k / 39.0);
      double gain =
          20 * Math.log10(fit(resample(resampler, tone(in, f, 0.5), in, dir), f)[0] / 0.5);
      low = Math.min(low, gain);
      high = Math.max(high, gain);
    }
    return high - low;
  }

  private static double rejection(String resampler, int in, Path dir) throws Exception {
    double worst = Double.MAX_VALUE;
    for (double f : new double[] {8200, 9000, 12000}) {
      float[] y = resample(resampler, tone(in, f, 0.5), in, dir);
      double power = 0;
      int from = y.length / 5;
      for (int i = from; i < y.length - from; i++) {
        power += y[i] * y[i];
      }
      double rms = Math.sqrt(power / (y.length - 2 * from));
      worst = Math.min(worst, -20 * Math.log10(rms / (0.5 / Math.sqrt(2))));
    }
    return worst;
  }

  private static double snr(String resampler, int in, Path dir) throws Exception {
    double[] fit = fit(resample(resampler, tone(in, 1000, 1), in, dir), 1000);
    return 10 * Math.log10(fit[2] / fit[1]);
  }

  private static float[] read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] x = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(x);
    return x;
  }

  private static void write(Path file, float[] x) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(x);
    Files.write(file, bytes.array());
  }
}
