package dev.weft.bench;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run of 100,000 no-op tasks on a fresh SQLite store, end to end: storing the run, then
 * claiming, running and recording every task until the run has ended. Reported as tasks per second.
 * Goal: at least 10,000 tasks/s.
 *
 * <p>Shapes: {@code wide} (one start, 99,998 parallel tasks, one join), {@code deep} (a chain: each
 * task waits for the one before), {@code layered} (100 layers of 1,000, each task after two of the
 * layer before).
 *
 * <p>Run: {@code ./mvnw -q -B package -pl weft-bench -am -DskipTests && java
 * --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar
 * weft-bench/target/benchmarks.jar TaskEngineBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class TaskEngineBenchmark {

  static final int TASKS = 100_000;

  @Param({"wide", "deep", "layered"})
  String shape;

  @Param({"8"})
  int concurrency;

  private Path dir;
  private Pipeline pipeline;
  private TaskStore store;
  private TaskEngine engine;

  @Setup(Level.Trial)
  public void shape() {
    pipeline =
        switch (shape) {
          case "wide" -> BenchPipelines.wide(TASKS, "noop");
          case "deep" -> BenchPipelines.deep(TASKS, "noop");
          default -> BenchPipelines.layered(TASKS, "noop");
        };
  }

  @Setup(Level.Invocation)
  public void openStore() throws IOException {
    dir = Files.createTempDirectory("weft-bench");
    store = SqliteTaskStore.open(dir.resolve("weft.db"));
    engine =
        new TaskEngine(
            store, NodeTypes.load(), EngineOptions.defaults().withConcurrency(concurrency));
  }

  @TearDown(Level.Invocation)
  public void closeStore() throws IOException {
    engine.close();
    store.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  /** Stores the run and works on it until it has ended. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public TaskRecord run() throws InterruptedException {
    TaskRecord run = engine.run(engine.submit(pipeline), RunListener.NONE);
    if (run.status() != TaskStatus.SUCCEEDED) {
      throw new IllegalStateException("run ended " + run.status());
    }
    return run;
  }
}
