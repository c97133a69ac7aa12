package dev.weft.tasks.code;

import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskNodeType;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Weft inside an application: the store, the engine and the application's code pipelines, in one
 * object. Runs started here are stored like any other, so {@code weft runs list} and {@code weft
 * tasks tree} show them; a run left unfinished by a crash goes on when the application starts again
 * with the same pipelines registered and calls {@link #await} or {@link #startWorker}.
 *
 * <pre>{@code
 * try (Weft weft = Weft.embedded(WeftConfig.sqlite(Path.of(".weft/weft.db")).register(release))) {
 *   RunResult run = weft.run(release, Map.of("env", "prod"));
 *   Artifact artifact = run.result(Package.class).orElseThrow();
 * }
 * }</pre>
 */
public final class Weft implements AutoCloseable {

  private final WeftConfig config;
  private final TaskStore store;
  private final TaskEngine engine;
  private final Map<String, CodePipeline> pipelines = new LinkedHashMap<>();
  private final Map<Long, CountDownLatch> waiting = new ConcurrentHashMap<>();
  private Thread worker;

  private Weft(WeftConfig config, TaskStore store) {
    this.config = config;
    this.store = store;
    List<TaskNodeType> modules = new ArrayList<>();
    for (CodePipeline pipeline : config.pipelines()) {
      CodePipeline earlier = pipelines.putIfAbsent(pipeline.name(), pipeline);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "two pipelines are named '" + pipeline.name() + "': register each name once");
      }
      modules.addAll(pipeline.moduleTypes());
    }
    List<String> labels = new ArrayList<>(config.options().labels());
    labels.add(config.label());
    EngineOptions options = config.options().withLabels(labels);
    this.engine = new TaskEngine(store, NodeTypes.load().plus(modules), options);
  }

  /**
   * Opens the store of {@code config} (its schema brought up to date) and an engine that runs its
   * pipelines' modules.
   */
  public static Weft embedded(WeftConfig config) {
    TaskStore store =
        config.dataSource() != null
            ? PostgresTaskStore.open(config.dataSource(), config.options().concurrency() + 2)
            : PostgresTaskStore.names(config.location())
                ? PostgresTaskStore.open(config.location(), config.options().concurrency() + 2)
                : SqliteTaskStore.open(Path.of(config.location()));
    try {
      return new Weft(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Stores a new run of {@code pipeline} with its declared parameters; returns its id. */
  public long submit(CodePipeline pipeline) {
    return submit(pipeline, Map.of());
  }

  /**
   * Stores a new run of {@code pipeline} with these parameters over the declared ones; a worker
   * ({@link #startWorker}, or another instance of the application) or {@link #await} runs it.
   *
   * @throws IllegalArgumentException when the pipeline is not registered in the config
   * @throws dev.weft.core.validate.InvalidPipelineException for an unknown parameter or one left
   *     without a value
   */
  public long submit(CodePipeline pipeline, Map<String, String> params) {
    if (pipelines.get(pipeline.name()) != pipeline) {
      throw new IllegalArgumentException(
          "pipeline '"
              + pipeline.name()
              + "' is not registered: add it with WeftConfig.register(...) before"
              + " Weft.embedded, so that this process (and the next, after a crash) can run it");
    }
    return engine.submit(pipeline.plan(params, config.label()));
  }

  /** Runs {@code pipeline} to its end and returns how it ended. */
  public RunResult run(CodePipeline pipeline) throws InterruptedException {
    return run(pipeline, Map.of());
  }

  /** Runs {@code pipeline} with these parameters to its end and returns how it ended. */
  public RunResult run(CodePipeline pipeline, Map<String, String> params)
      throws InterruptedException {
    return await(submit(pipeline, params));
  }

  /**
   * Waits for run {@code runId} to end, and returns how it ended. Without a worker started, works
   * on the run in the calling thread (also resuming one a crashed process left unfinished).
   */
  public RunResult await(long runId) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    synchronized (this) {
      if (worker == null) {
        engine.run(runId, RunListener.NONE);
        return result(runId);
      }
      waiting.put(runId, ended);
    }
    try {
      // The worker says when a run it works on ends; another process may end it, so look too.
      while (!store.task(runId).orElseThrow(() -> noRun(runId)).status().ended()) {
        ended.await(config.options().poll().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      waiting.remove(runId, ended);
    }
    return result(runId);
  }

  /** How run {@code runId} stands now. */
  public RunResult result(long runId) {
    TaskRecord run = store.task(runId).orElseThrow(() -> noRun(runId));
    CodePipeline pipeline = pipelines.get(run.nodeId());
    if (pipeline == null) {
      throw new IllegalArgumentException(
          "run " + runId + " is of pipeline '" + run.nodeId() + "', not registered here");
    }
    return new RunResult(pipeline, run, store.tasks(runId));
  }

  private static IllegalArgumentException noRun(long runId) {
    return new IllegalArgumentException("no run " + runId + " in the store");
  }

  /**
   * Starts working in the background on every run of the store that this application can run (its
   * modules, and node types on the class path), as {@code weft worker} does, until {@link #close}.
   */
  public synchronized void startWorker() {
    if (worker != null) {
      return;
    }
    RunListener listener =
        new RunListener() {
          @Override
          public void changed(StatusChange change) {
            if (change.runEnded()) {
              CountDownLatch ended = waiting.get(change.rootId());
              if (ended != null) {
                ended.countDown();
              }
            }
          }
        };
    worker =
        Thread.ofPlatform()
            .name("weft-worker")
            .daemon()
            .start(() -> {
              try {
                engine.work(listener, false);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  /** The store, for what this class does not cover (logs, schedules, workers). */
  public TaskStore store() {
    return store;
  }

  /** The engine's worker id in the store ({@code weft workers list}). */
  public String workerId() {
    return engine.workerId();
  }

  /**
   * Stops the worker (letting running tasks finish within {@link TaskEngine#DEFAULT_GRACE}), the
   * engine and the store. Tasks still running are taken over by the next engine on the store.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      running = worker;
    }
    try {
      if (running != null) {
        engine.drain();
        running.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing anyway: the next engine takes over
    } finally {
      engine.close();
      store.close();
    }
  }
}
