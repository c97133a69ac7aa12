package dev.weft.bench.burndown;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * What the benchmark's jobs did in this process: every no-op job adds its id when its code runs, so
 * the harness can check from outside the engine that each job ran exactly once; a probe job reports
 * the moment its code started, for the submit-to-start latency.
 *
 * <p>The engines call their jobs through their own machinery (a Weft node type, a db-scheduler
 * task, a JobRunr lambda), so this is process-wide state: one worker process, one ledger.
 */
public final class Ledger {

  /** Told when a probe job's code starts. */
  @FunctionalInterface
  public interface ProbeListener {
    /** Probe {@code key} started at {@code epochMicros} (wall clock, microseconds). */
    void started(long key, long epochMicros);
  }

  private static long[] ids = new long[1 << 17];
  private static int size;
  private static volatile ProbeListener probes =
      (key, micros) -> {
        // A worker process tells its parent through its standard output.
        synchronized (System.out) {
          System.out.println(WorkerMain.STARTED + " " + key + " " + micros);
          System.out.flush();
        }
      };

  private Ledger() {}

  /** Records that job {@code id} ran. */
  public static synchronized void ran(long id) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, ids.length * 2);
    }
    ids[size++] = id;
  }

  /** Reports that probe {@code key} started now. */
  public static void probe(long key) {
    probes.started(key, epochMicros(Instant.now()));
  }

  /** Sends probe starts to {@code listener} instead of standard output (workers in this JVM). */
  public static void onProbe(ProbeListener listener) {
    probes = listener;
  }

  /** The ids recorded so far, in the order the jobs ran; the ledger is emptied. */
  public static synchronized long[] drain() {
    long[] out = Arrays.copyOf(ids, size);
    size = 0;
    return out;
  }

  /** Microseconds since the epoch. */
  static long epochMicros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /** Writes {@code recorded} to {@code file}. */
  static void write(long[] recorded, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
      data.writeInt(recorded.length);
      for (long id : recorded) {
        data.writeLong(id);
      }
    }
  }

  /** Reads what {@link #write} wrote. */
  static long[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
      long[] recorded = new long[data.readInt()];
      for (int i = 0; i < recorded.length; i++) {
        recorded[i] = data.readLong();
      }
      return recorded;
    } catch (EOFException e) {
      throw new IOException("the ledger " + file + " is cut short", e);
    }
  }
}
