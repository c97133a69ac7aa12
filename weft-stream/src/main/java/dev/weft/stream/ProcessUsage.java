package dev.weft.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one OS process uses, read from {@code /proc} (Linux) and {@link ProcessHandle.Info}.
 *
 * @param pid the process
 * @param rssBytes its resident memory (RSS), 0 where the system does not say
 * @param cpuNanos the CPU time it has used, user and system
 */
public record ProcessUsage(long pid, long rssBytes, long cpuNanos) {

  /** The figures of process {@code pid} now, or {@code null} when it is gone. */
  public static ProcessUsage sample(long pid) {
    var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return null;
    }
    long cpu = process.get().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    return new ProcessUsage(pid, rss(pid), cpu);
  }

  /** {@code VmRSS} of {@code /proc/PID/status}, in bytes; 0 when it cannot be read. */
  private static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).strip();
          return Long.parseLong(kb.substring(0, kb.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process ended meanwhile
    }
    return 0;
  }
}
