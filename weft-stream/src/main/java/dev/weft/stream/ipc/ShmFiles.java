package dev.weft.stream.ipc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where channel files live and how they are named: {@code /dev/shm} (memory, never disk) when the
 * machine has it, else the temporary directory; {@code weft-PID-N-LABEL.shm}, PID being the
 * creating process. A file whose creator is no longer running is stale: {@link #reclaimStale}
 * deletes it, as every Weft that starts channels does first, so a killed run leaves nothing behind
 * for long.
 */
public final class ShmFiles {

  private static final Pattern NAME = Pattern.compile("weft-(\\d+)-\\d+-[A-Za-z0-9._-]*\\.shm");
  private static final AtomicLong COUNTER = new AtomicLong();

  private ShmFiles() {}

  /** {@code /dev/shm} when it is a writable directory, else {@code java.io.tmpdir}. */
  public static Path directory() {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm;
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** A new file name in {@link #directory()} for a channel described by {@code label}. */
  public static Path newFile(String label) {
    return newFile(directory(), label);
  }

  /** A new file name in {@code dir} for a channel described by {@code label}. */
  public static Path newFile(Path dir, String label) {
    String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 80) {
      safe = safe.substring(0, 80);
    }
    return dir.resolve(
        "weft-"
            + ProcessHandle.current().pid()
            + "-"
            + COUNTER.incrementAndGet()
            + "-"
            + safe
            + ".shm");
  }

  /** The pid that created {@code file}, from its name; -1 when it is not a channel file's name. */
  public static long creator(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Deletes the channel files in {@code dir} whose creating process is no longer running.
   *
   * @return how many were deleted
   */
  public static int reclaimStale(Path dir) {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "weft-*.shm")) {
      for (Path file : files) {
        long pid = creator(file);
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          if (Files.deleteIfExists(file)) {
            deleted++;
          }
        }
      }
    } catch (IOException e) {
      return deleted; // another process may be reclaiming the same files; nothing to report
    }
    return deleted;
  }
}
