package dev.weft.tasks;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.WorkerRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Runs task pipelines durably: the entry point of weft-tasks.
 *
 * <pre>{@code
 * try (TaskStore store = SqliteTaskStore.open(Path.of(".weft/weft.db"));
 *     TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
 *   long run = engine.submit(pipeline);
 *   TaskRecord ended = engine.run(run, RunListener.NONE);
 * }
 * }</pre>
 *
 * <p>One thread (the caller of {@link #run}) talks to the store: it claims ready tasks, hands them
 * to virtual threads, and writes their outcomes back in batches, so a burst of short tasks costs a
 * few transactions rather than one each. Task threads only execute and queue their outcome. The
 * roles are split: {@link RunPlans} turns a pipeline into stored tasks, {@link Dispatcher} runs the
 * loop, {@link Supervisor} keeps the heartbeat, takeovers, timeouts and schedules, and {@link
 * AttemptRunner} runs one attempt. Every state change is in the store before anything depends on
 * it, so a process killed at any moment loses no task: the next engine on the store takes over what
 * the dead one held (at once when it was a process on this machine, otherwise when its lease
 * expires) as a new attempt.
 *
 * <p>{@link #remote} makes an engine that only works: it claims, runs and reports through a {@link
 * WorkQueue} (a {@code weft server}, for a worker that cannot reach the database), and leaves the
 * store's supervision (takeovers, timeouts, schedules, pruning) to the engines on the database.
 */
public final class TaskEngine implements AutoCloseable {

  /** How long a drain waits for running tasks when {@link #work} is given no grace. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final WorkQueue queue;
  private final TaskStore store; // null for a remote engine
  private final NodeTypes types;
  private final EngineOptions options;
  private final WorkerRecord registration;
  private final AttemptRunner attempts;
  private final Supervisor supervisor;
  private final Dispatcher dispatcher;
  // The plan of the pipeline object submitted last: a job submitted again and again is planned
  // (sorted, written as JSON) once. Pipelines are immutable, so the plan stays right; one with
  // sub-pipelines is planned each time, as their files are read when it is expanded.
  private volatile Planned lastPlanned;

  private record Planned(Pipeline pipeline, RunPlan plan) {}

  /** An engine working on {@code store}, registered there as a new worker. */
  public TaskEngine(TaskStore store, NodeTypes types, EngineOptions options) {
    this(store, store, types, options);
  }

  /**
   * An engine that works the tasks {@code queue} hands it and nothing else, registered there as a
   * new worker: it submits no runs ({@link #submit} and {@link #run} refuse), fires no schedules,
   * takes over no other worker's tasks and times out no run; the store's own engines do that.
   */
  public static TaskEngine remote(WorkQueue queue, NodeTypes types, EngineOptions options) {
    return new TaskEngine(queue, null, types, options);
  }

  private TaskEngine(WorkQueue queue, TaskStore store, NodeTypes types, EngineOptions options) {
    // On the system clock (the default), the engine keeps the database's time instead; a clock
    // given for a test is left as it is.
    DatabaseClock clock =
        options.clock().equals(Clock.systemUTC()) ? new DatabaseClock(Clock.systemUTC()) : null;
    if (clock != null) {
      clock.sync(queue);
      options = options.withClock(clock);
    }
    this.queue = queue;
    this.store = store;
    this.types = types;
    this.options = options;
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    this.registration =
        WorkerRecord.starting(
                host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8),
                host,
                pid,
                options.clock().instant(),
                options.concurrency(),
                options.lease(),
                TaskEngine.class.getPackage().getImplementationVersion())
            .serving(
                options.labels(),
                types.all().stream()
                    .filter(t -> t instanceof TaskNodeType)
                    .map(dev.weft.core.spi.NodeType::name)
                    .toList());
    // Room for the runs of as many tasks as run at once, and more.
    StoredRuns runs =
        new StoredRuns(
            queue, options.tracing().enabled(), Math.max(256, 4 * options.concurrency()));
    // run spans are recorded where the store is: a remote engine's runs end on its server
    RunSpans runSpans = new RunSpans(store, store == null ? Tracing.NONE : options.tracing());
    Reports reports = new Reports(queue, options.clock());
    InFlight inFlight = new InFlight();
    this.attempts = new AttemptRunner(queue, types, options, runs, reports, registration.id());
    this.supervisor =
        new Supervisor(
            queue,
            options,
            registration,
            inFlight,
            clock == null ? () -> {} : () -> clock.sync(queue),
            store == null ? null : new Oversight(store, options, registration, runs, runSpans));
    this.dispatcher =
        new Dispatcher(
            queue,
            options,
            registration.id(),
            inFlight,
            reports,
            runs,
            runSpans,
            supervisor,
            attempts);
    queue.registerWorker(registration);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private TaskStore store() {
    if (store == null) {
      throw new IllegalStateException(
          "a remote engine only works tasks: submit and follow runs through its server");
    }
    return store;
  }

  /** Where this engine records runs and attempts as spans ({@link Tracing#NONE}: nowhere). */
  public Tracing tracing() {
    return options.tracing();
  }

  /** This engine's worker id in the store. */
  public String workerId() {
    return registration.id();
  }

  /**
   * Stops claiming and lets the tasks this engine runs finish within the grace period given to
   * {@link #work}; then puts back those still running as not started, and {@link #work} returns.
   * Safe from any thread (a signal handler's, say); {@code weft workers drain} asks the same
   * through the store.
   */
  public void drain() {
    dispatcher.drain();
  }

  /**
   * Stores a new run of a valid {@code kind: tasks} pipeline and returns its id. The pipeline, with
   * the maps and lists in its nodes' settings, is not to be changed after: the engine keeps the
   * plan of the pipeline submitted last for the next submission of the same object.
   */
  public long submit(Pipeline pipeline) {
    return submit(pipeline, options.clock().instant());
  }

  /** Stores a new run whose first tasks may start at {@code at} (not before); returns its id. */
  public long submit(Pipeline pipeline, Instant at) {
    Planned planned = lastPlanned;
    if (planned == null || planned.pipeline() != pipeline) {
      Pipeline expanded = RunPlans.expanded(pipeline, types);
      planned = new Planned(pipeline, RunPlans.plan(expanded));
      if (expanded == pipeline) {
        lastPlanned = planned;
      }
    }
    return store()
        .createRun(
            planned.plan().withTrace(options.tracing().newRun(null, null)),
            options.clock().instant(),
            at);
  }

  /**
   * Starts a run of every schedule that is due and returns them. Each due time fires once across
   * all the workers of the store, also after a restart; a schedule whose times passed while no
   * worker ran fires once for all of them, then keeps to its expression.
   */
  public List<Long> fireDueSchedules(RunListener listener) {
    return supervisor.fireDueSchedules(listener);
  }

  /**
   * Works on run {@code runId} until every task of it has ended, and returns the run's record.
   * Tasks of other runs are left alone. Resumes a run a stopped process left unfinished.
   */
  public TaskRecord run(long runId, RunListener listener) throws InterruptedException {
    TaskStore store = store();
    TaskRecord run =
        store.task(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
    if (!run.status().ended()) {
      dispatcher.loop(
          runId,
          listener,
          change -> change.runEnded() && change.rootId() == runId,
          inFlight -> store.task(runId).orElseThrow().status().ended());
    }
    return store.task(runId).orElseThrow();
  }

  /**
   * Works on the tasks of every run in the store, as {@code weft worker} does: until interrupted,
   * or with {@code untilIdle} until no task is ready or running anywhere in the store.
   */
  public void work(RunListener listener, boolean untilIdle) throws InterruptedException {
    work(listener, untilIdle, DEFAULT_GRACE);
  }

  /**
   * {@link #work(RunListener, boolean)}, draining within {@code grace} when asked to ({@link
   * #drain}); the worker leaves the store's list of workers when it returns.
   */
  public void work(RunListener listener, boolean untilIdle, Duration grace)
      throws InterruptedException {
    dispatcher.grace(grace);
    try {
      dispatcher.loop(
          null,
          listener,
          change -> false,
          inFlight -> untilIdle && inFlight == 0 && queue.active() == 0);
    } finally {
      leave();
    }
  }

  /** Leaves the store's list of workers, if the store can still be reached. */
  private void leave() {
    try {
      queue.deregisterWorker(registration.id());
    } catch (StoreException e) {
      // the store is gone (the failure that ended the work says why): others will find this
      // worker silent and take over what it held
    }
  }

  /**
   * Stops the task threads (unfinished attempts are taken over by the next engine on the store) and
   * leaves the store's list of workers.
   */
  @Override
  public void close() {
    dispatcher.close();
    attempts.close();
    leave();
    options.tracing().flush();
  }
}
