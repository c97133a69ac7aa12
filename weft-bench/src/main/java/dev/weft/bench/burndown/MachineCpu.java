package dev.weft.bench.burndown;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the whole machine has spent, from {@code /proc/stat}: user, nice, system, irq and
 * softirq of all CPUs, so the database server's work counts as much as the engine's (and so does
 * anything else running at the time). Linux only.
 */
final class MachineCpu {

  private static final Path STAT = Path.of("/proc/stat");

  private final double secondsPerTick;

  private MachineCpu(double secondsPerTick) {
    this.secondsPerTick = secondsPerTick;
  }

  /** A reader of this machine's counters; the clock tick from {@code getconf CLK_TCK}. */
  static MachineCpu open() throws IOException {
    if (!Files.isReadable(STAT)) {
      throw new IOException("cannot read " + STAT + ": the machine's CPU time needs Linux");
    }
    return new MachineCpu(1.0 / clockTicks());
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100; // USER_HZ on every common Linux build
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** CPU seconds the machine has spent busy since it booted. */
  double busySeconds() throws IOException {
    String cpu = Files.readAllLines(STAT).getFirst();
    return busyTicks(cpu) * secondsPerTick;
  }

  /**
   * The busy ticks of {@code /proc/stat}'s {@code cpu} line: {@code cpu user nice system idle
   * iowait irq softirq steal ...}.
   */
  static long busyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu") || f.length < 8) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
    }
    return Long.parseLong(f[1])
        + Long.parseLong(f[2])
        + Long.parseLong(f[3])
        + Long.parseLong(f[6])
        + Long.parseLong(f[7]);
  }
}
