package dev.weft.bench.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.bench.burndown.BenchDatabase;
import dev.weft.core.spi.NodeTypes;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The server under load: clients polling {@code tasks.list} and clients submitting runs, all at
 * once against one {@code weft server} (in this process, working its tasks, on a fresh database),
 * for a fixed time. Reports requests per second, latency percentiles and errors per method, and
 * whether every run submitted ended. A bench command, not a test:
 *
 * <pre>
 * java -cp weft-bench/target/benchmarks.jar dev.weft.bench.server.ServerLoad \
 *     [--db postgresql|sqlite] [--pollers 200] [--submitters 50] [--seconds 60] \
 *     [--admin-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
 * </pre>
 *
 * The clients run on this machine too, so on 2 cores they take CPU from the server and the
 * database: the figures are of the three together.
 */
public final class ServerLoad {

  private static final String MANIFEST =
      "weft: 1\\nname: load\\nkind: tasks\\nnodes:\\n"
          + "  - {id: a, type: echo, with: {message: hi}}\\n"
          + "  - {id: b, type: noop, after: [a]}\\n"
          + "  - {id: c, type: noop, after: [a]}\\n";

  /** One method's calls: latency, errors, and the first error seen. */
  private record Calls(
      String method,
      Histogram latency,
      AtomicLong errors,
      java.util.concurrent.atomic.AtomicReference<String> first) {
    Calls(String method) {
      this(
          method,
          new ConcurrentHistogram(3_600_000_000_000L, 3),
          new AtomicLong(),
          new java.util.concurrent.atomic.AtomicReference<>());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerLoad() {}

  public static void main(String[] args) throws Exception {
    String db = option(args, "--db", "postgresql");
    int pollers = Integer.parseInt(option(args, "--pollers", "200"));
    int submitters = Integer.parseInt(option(args, "--submitters", "50"));
    int seconds = Integer.parseInt(option(args, "--seconds", "60"));
    String admin =
        option(args, "--admin-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    BenchDatabase.Kind kind = BenchDatabase.Kind.valueOf(db.toUpperCase(Locale.ROOT));
    BenchDatabase database = BenchDatabase.create(kind, admin, "server_load");
    try (TaskStore store =
            kind == BenchDatabase.Kind.SQLITE
                ? SqliteTaskStore.open(Path.of(database.location()))
                : PostgresTaskStore.open(database.location(), 20);
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults().withConcurrency(16));
        WeftServer server =
            WeftServer.start(
                ServerConfig.defaults().withPort(0), store, NodeTypes.load(), engine)) {
      run(server.uri(), store, pollers, submitters, seconds, kind.label());
    } finally {
      database.drop(admin);
    }
  }

  private static void run(
      URI base, TaskStore store, int pollers, int submitters, int seconds, String db)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI rpc = base.resolve("/rpc");
    Calls list = new Calls("tasks.list");
    Calls submit = new Calls("runs.submit");
    AtomicLong submitted = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < pollers; i++) {
      clients.add(
          client(
              http,
              rpc,
              list,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks.list\","
                  + "\"params\":{\"limit\":20}}",
              end,
              null));
    }
    for (int i = 0; i < submitters; i++) {
      clients.add(
          client(
              http,
              rpc,
              submit,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"runs.submit\","
                  + "\"params\":{\"manifest\":\""
                  + MANIFEST
                  + "\"}}",
              end,
              submitted));
    }
    System.out.printf(
        "%d clients polling tasks.list and %d submitting runs, for %d s, on %s...%n",
        pollers, submitters, seconds, db);
    long start = System.nanoTime();
    clients.forEach(Thread::start);
    for (Thread client : clients) {
      client.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%n%-12s %9s %9s %9s %9s %9s %7s%n",
        "method", "calls", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    for (Calls calls : List.of(list, submit)) {
      Histogram h = calls.latency();
      System.out.printf(
          "%-12s %9d %9.0f %9.2f %9.2f %9.1f %7d%n",
          calls.method(),
          h.getTotalCount(),
          h.getTotalCount() / elapsed,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6,
          calls.errors().get());
      if (calls.first().get() != null) {
        System.out.printf("  first error of %s: %s%n", calls.method(), calls.first().get());
      }
    }
    long total = list.latency().getTotalCount() + submit.latency().getTotalCount();
    System.out.printf("%-12s %9d %9.0f%n", "all", total, total / elapsed);
    // Every run submitted must end: the server worked them while serving.
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (store.active() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200); // polling the store's count of unfinished tasks, as an operator would
    }
    System.out.printf(
        "runs submitted: %d; tasks still unfinished after the load: %d%n",
        submitted.get(), store.active());
  }

  private static Thread client(
      HttpClient http, URI rpc, Calls calls, String body, long end, AtomicLong submitted) {
    HttpRequest request =
        HttpRequest.newBuilder(rpc)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return Thread.ofVirtual()
        .unstarted(() -> {
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            boolean ok;
            try {
              HttpResponse<String> response =
                  http.send(request, HttpResponse.BodyHandlers.ofString());
              // a JSON-RPC error is a top-level "error" (results carry "error": null fields)
              ok = response.statusCode() == 200 && !JSON.readTree(response.body()).has("error");
              if (!ok) {
                calls.first().compareAndSet(null, response.statusCode() + " " + response.body());
              }
            } catch (java.io.IOException e) {
              ok = false;
              calls.first().compareAndSet(null, e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            calls.latency().recordValue(Math.max(1, System.nanoTime() - t0));
            if (!ok) {
              calls.errors().incrementAndGet();
            } else if (submitted != null) {
              submitted.incrementAndGet();
            }
          }
        });
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
