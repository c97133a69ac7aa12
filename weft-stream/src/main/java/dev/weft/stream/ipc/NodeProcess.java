package dev.weft.stream.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One started node host process and what it says. Its standard output carries the host protocol,
 * one line each: {@code ready}, {@code progress FRACTION TEXT}, {@code heartbeat}; any other line
 * is kept as output. Its standard error is relayed to the log and its last lines kept for the
 * failure report. Its standard input stays open while the parent lives: the host exits when it
 * reads the end, so a parent killed with SIGKILL leaves no orphan.
 */
final class NodeProcess {

  private static final int TAIL_LINES = 20;

  private final String nodeId;
  private final Process process;
  private final Consumer<String> log;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread stdout;
  private final Thread stderr;
  private volatile long lastSign = System.nanoTime();

  private NodeProcess(String nodeId, Process process, Consumer<String> log) {
    this.nodeId = nodeId;
    this.process = process;
    this.log = log;
    this.stdout = reader("out", process.getInputStream(), this::protocol);
    this.stderr = reader("err", process.getErrorStream(), this::stderr);
  }

  /** Starts {@code command}; what it prints goes to {@code log}, prefixed with the node id. */
  static NodeProcess start(String nodeId, List<String> command, Consumer<String> log) {
    try {
      Process process = new ProcessBuilder(command).start();
      Cleanup.process(process);
      return new NodeProcess(nodeId, process, log);
    } catch (IOException e) {
      throw new IllegalStateException(
          "node " + nodeId + ": cannot start " + String.join(" ", command) + ": " + e.getMessage(),
          e);
    }
  }

  private Thread reader(String name, InputStream in, Consumer<String> line) {
    return Thread.ofPlatform()
        .name("weft-node-" + nodeId + "-" + name)
        .daemon()
        .start(() -> {
          try (BufferedReader lines =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = lines.readLine()) != null; ) {
              line.accept(l);
            }
          } catch (IOException e) {
            // the process is gone; its exit is reported by whoever watches it
          }
        });
  }

  private void protocol(String line) {
    lastSign = System.nanoTime();
    if (line.equals("ready")) {
      ready.countDown();
    } else if (line.equals("heartbeat")) {
      return;
    } else if (line.startsWith("progress ")) {
      String progress = "progress " + progress(line.substring(9));
      keep(progress);
      log.accept("node " + nodeId + ": " + progress);
    } else {
      keep(line);
      log.accept("node " + nodeId + ": " + line);
    }
  }

  /** {@code 0.4 loading model} as {@code 40% loading model}. */
  private static String progress(String rest) {
    int space = rest.indexOf(' ');
    String fraction = space < 0 ? rest : rest.substring(0, space);
    String text = space < 0 ? "" : rest.substring(space + 1);
    try {
      return Math.round(Double.parseDouble(fraction) * 100) + "% " + text;
    } catch (NumberFormatException e) {
      return rest;
    }
  }

  private void stderr(String line) {
    lastSign = System.nanoTime();
    keep(line);
    log.accept("node " + nodeId + ": " + line);
  }

  private synchronized void keep(String line) {
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }

  /** Waits until it said {@code ready}; false when it exited or {@code timeout} passed first. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.await(Math.min(100, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (!process.isAlive()) {
        return ready.getCount() == 0;
      }
    }
    return false;
  }

  /** Nanoseconds since it last printed anything (a heartbeat comes every second). */
  long silentNanos() {
    return System.nanoTime() - lastSign;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits up to {@code timeout} for it to exit; true when it has. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  int exitCode() {
    return process.exitValue();
  }

  /** How it ended: {@code exited with code 3}, {@code was killed by signal 9 (SIGKILL)}. */
  String exit() {
    int code = process.exitValue();
    if (code > 128 && code < 160) {
      int signal = code - 128;
      return "was killed by signal " + signal + signalName(signal);
    }
    return "exited with code " + code;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 2 -> " (SIGINT)";
      case 6 -> " (SIGABRT)";
      case 9 -> " (SIGKILL)";
      case 11 -> " (SIGSEGV)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }

  /** The last lines it printed (output and standard error), after its streams have ended. */
  String lastLines() throws InterruptedException {
    stdout.join(1000);
    stderr.join(1000);
    synchronized (this) {
      return tail.isEmpty() ? "(it printed nothing)" : String.join("\n  ", tail);
    }
  }

  /** Closes its standard input (the host then exits), and kills it if it has not within 2 s. */
  void stop() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(2, TimeUnit.SECONDS)) {
      kill();
    }
    Cleanup.processGone(process);
  }

  /** Kills it (SIGKILL) and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    Cleanup.processGone(process);
  }
}
