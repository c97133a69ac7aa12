package dev.weft.bench.burndown;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One worker process of a burn-down, started by the harness ({@link ProcessWorkers}) with the
 * harness's class path: runs one engine's worker on the benchmark's database until its standard
 * input says {@code stop} (or closes), then writes the ids of the jobs it ran to its ledger file.
 *
 * <p>It talks to the harness in lines on standard output: {@value #READY} once the engine has
 * started, {@value #STARTED}{@code KEY MICROS} when a probe's code starts, {@value #STOPPED}{@code
 * N} after writing the ledger of {@code N} runs. Its arguments are {@code --engine NAME --db KIND
 * --location LOC --ledger FILE --weft-concurrency N --weft-poll MILLIS}.
 */
public final class WorkerMain {

  static final String READY = "ready";
  static final String STARTED = "started";
  static final String STOPPED = "stopped";

  private WorkerMain() {}

  /** Runs the worker; exits 0 when stopped, 3 when its engine failed to start. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    Contender contender =
        Contender.all().stream()
            .filter(c -> c.name().equals(a.get("--engine")))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("unknown --engine " + a.get("--engine")));
    BenchDatabase db =
        new BenchDatabase(
            BenchDatabase.Kind.valueOf(a.get("--db")), a.get("--location"), a.get("--location"));
    Contender.WorkerSettings settings =
        new Contender.WorkerSettings(
            Integer.parseInt(a.get("--weft-concurrency")), Long.parseLong(a.get("--weft-poll")));
    AutoCloseable worker;
    try {
      worker = contender.startWorker(db, settings);
    } catch (Exception e) {
      System.err.println("the " + contender.name() + " worker did not start: " + e);
      e.printStackTrace();
      System.exit(3);
      return;
    }
    say(READY);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
      // Only "stop" means anything.
    }
    worker.close();
    long[] ran = Ledger.drain();
    Ledger.write(ran, Path.of(a.get("--ledger")));
    say(STOPPED + " " + ran.length);
    System.exit(0); // an engine's non-daemon threads must not keep the process
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
