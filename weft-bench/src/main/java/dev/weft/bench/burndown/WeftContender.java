package dev.weft.bench.burndown;

import dev.weft.bench.BenchPipelines;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Weft: the burn-down is one run of {@code bench.noop} tasks in the chosen shape (dependencies on),
 * submitted through {@link TaskEngine#submit}; a worker is a {@link TaskEngine} working on every
 * run ({@code weft worker}). A probe is a run of one {@code bench.probe} task.
 */
final class WeftContender implements Contender {

  @Override
  public String name() {
    return "weft";
  }

  @Override
  public Set<Shape> shapes() {
    return EnumSet.allOf(Shape.class);
  }

  @Override
  public Duration idlePoll(WorkerSettings settings) {
    return Duration.ofMillis(settings.weftPollMillis());
  }

  private static TaskStore open(BenchDatabase db) {
    return db.kind() == BenchDatabase.Kind.SQLITE
        ? SqliteTaskStore.open(Path.of(db.location()))
        : PostgresTaskStore.open(db.location());
  }

  @Override
  public Client client(BenchDatabase db) {
    TaskStore store = open(db);
    return new WeftClient(
        db, store, new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults()));
  }

  @Override
  public AutoCloseable startWorker(BenchDatabase db, WorkerSettings settings) {
    TaskStore store = open(db);
    EngineOptions options =
        EngineOptions.defaults()
            .withConcurrency(settings.weftConcurrency())
            .withPoll(Duration.ofMillis(settings.weftPollMillis()));
    TaskEngine engine = new TaskEngine(store, NodeTypes.load(), options);
    Thread dispatcher =
        Thread.ofPlatform()
            .name("weft-worker")
            .start(() -> {
              try {
                engine.work(RunListener.NONE, false);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // asked to stop
              }
            });
    return () -> {
      dispatcher.interrupt();
      dispatcher.join();
      engine.close();
      store.close();
    };
  }

  /** The harness's side: stores the run and reads its tasks. */
  private static final class WeftClient implements Client {
    private static final Pipeline PROBE =
        Pipeline.builder("probe").node("probe", "bench.probe").build();

    private final BenchDatabase db;
    private final TaskStore store;
    private final TaskEngine engine;
    private long runId = -1;

    WeftClient(BenchDatabase db, TaskStore store, TaskEngine engine) {
      this.db = db;
      this.store = store;
      this.engine = engine;
    }

    @Override
    public void insert(int jobs, Shape shape) {
      Pipeline pipeline =
          switch (shape) {
            case WIDE -> BenchPipelines.wide(jobs, "bench.noop");
            case DEEP -> BenchPipelines.deep(jobs, "bench.noop");
            case NONE -> BenchPipelines.flat(jobs, "bench.noop");
          };
      runId = engine.submit(pipeline);
    }

    @Override
    public boolean pending() {
      return !run().status().ended();
    }

    private TaskRecord run() {
      return store.task(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
    }

    @Override
    public long done() {
      return store.countTasks(runId, TaskStatus.SUCCEEDED, null);
    }

    @Override
    public List<String> problems(int jobs) throws SQLException {
      List<String> problems = new ArrayList<>();
      if (run().status() != TaskStatus.SUCCEEDED) {
        problems.add("the run ended " + run().status().display());
      }
      try (Connection c = db.connect()) {
        long attempts =
            count(
                c,
                "SELECT count(*) FROM attempts a JOIN tasks t ON t.id = a.task_id"
                    + " WHERE t.root_id = ? AND t.id <> ?");
        if (attempts != jobs) {
          problems.add(attempts + " attempts recorded for " + jobs + " tasks");
        }
        long again =
            count(c, "SELECT count(*) FROM tasks WHERE root_id = ? AND id <> ? AND attempt <> 1");
        if (again > 0) {
          problems.add(again + " tasks ran other than exactly once (attempt <> 1)");
        }
      }
      return problems;
    }

    private long count(Connection c, String sql) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, runId);
        s.setLong(2, runId);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    }

    @Override
    public long submitProbe(int n) {
      return engine.submit(PROBE);
    }

    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }
}
