package dev.weft.bench.burndown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Workers as real OS processes: {@code java} of the harness's own JDK, with the harness's class
 * path and the same JVM flags for every engine, each running {@link WorkerMain}. A worker's
 * standard error goes to a log file in {@code dir}, shown when the worker fails.
 */
final class ProcessWorkers implements WorkerPool {

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> ledgers = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final CountDownLatch ready;
  private final Probes probes = new Probes();

  ProcessWorkers(
      Contender contender,
      BenchDatabase db,
      Contender.WorkerSettings settings,
      int count,
      List<String> jvmFlags,
      Path dir)
      throws IOException {
    ready = new CountDownLatch(count);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < count; i++) {
      Path ledger = dir.resolve("worker-" + i + ".ledger");
      Path log = dir.resolve("worker-" + i + ".log");
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(jvmFlags);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              WorkerMain.class.getName(),
              "--engine",
              contender.name(),
              "--db",
              db.kind().name(),
              "--location",
              db.location(),
              "--ledger",
              ledger.toString(),
              "--weft-concurrency",
              Integer.toString(settings.weftConcurrency()),
              "--weft-poll",
              Long.toString(settings.weftPollMillis())));
      Process p =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      processes.add(p);
      ledgers.add(ledger);
      logs.add(log);
      Thread.ofVirtual().name("worker-" + i + "-out").start(() -> listen(p));
    }
  }

  private void listen(Process p) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals(WorkerMain.READY)) {
          ready.countDown();
        } else if (line.startsWith(WorkerMain.STARTED + " ")) {
          String[] f = line.split(" ");
          probes.started(Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
      }
    } catch (IOException e) {
      // The process ended; checkAlive says how.
    }
  }

  @Override
  public void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.await(50, TimeUnit.MILLISECONDS)) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new TrialFailed(
            "the workers did not start within " + timeout.toSeconds() + " s" + logTail(0));
      }
    }
  }

  @Override
  public void checkAlive() {
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      if (!p.isAlive()) {
        throw new TrialFailed(
            "worker " + i + " (pid " + p.pid() + ") exited with " + p.exitValue() + logTail(i));
      }
    }
  }

  private String logTail(int i) {
    try {
      List<String> lines = Files.readAllLines(logs.get(i));
      List<String> tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
      return tail.isEmpty()
          ? ""
          : "; its log (" + logs.get(i) + ") ends:\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public double cpuSeconds() {
    double seconds = 0;
    for (Process p : processes) {
      seconds += p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
    return seconds;
  }

  @Override
  public long awaitProbe(long key, Duration timeout) throws Exception {
    return probes.await(key, timeout);
  }

  @Override
  public long[] stop() throws Exception {
    for (Process p : processes) {
      try (OutputStream in = p.getOutputStream()) {
        in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    List<long[]> all = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new TrialFailed("worker " + i + " did not stop within 60 s" + logTail(i));
      }
      if (p.exitValue() != 0) {
        throw new TrialFailed(
            "worker " + i + " exited with " + p.exitValue() + " when stopped" + logTail(i));
      }
      long[] ran = Ledger.read(ledgers.get(i));
      all.add(ran);
      total += ran.length;
    }
    long[] merged = new long[total];
    int at = 0;
    for (long[] ran : all) {
      System.arraycopy(ran, 0, merged, at, ran.length);
      at += ran.length;
    }
    return merged;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
