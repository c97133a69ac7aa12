package dev.weft.tasks;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.expr.Expression;
import dev.weft.core.graph.Dag;
import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.policy.RetryDecision;
import dev.weft.core.policy.RetryPolicy;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkerRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

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
 * few transactions rather than one each. Task threads only execute and queue their outcome. Every
 * state change is in the store before anything depends on it, so a process killed at any moment
 * loses no task: the next engine on the store takes over what the dead one held (at once when it
 * was a process on this machine, otherwise when its lease expires) as a new attempt.
 */
public final class TaskEngine implements AutoCloseable {

  private final TaskStore store;
  private final NodeTypes types;
  private final EngineOptions options;
  private final String workerId;
  private final String host;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("weft-timeouts").factory());
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  // What running tasks report, written by the dispatcher before their outcomes.
  private final ConcurrentLinkedQueue<LogLine> logLines = new ConcurrentLinkedQueue<>();
  private final Map<Long, Progress> progress = new ConcurrentHashMap<>();
  private final Semaphore wakeUps = new Semaphore(0);
  private final Map<Long, StoredRun> runs = new ConcurrentHashMap<>();
  private final Map<Long, Thread> running = new ConcurrentHashMap<>();
  // The claims this engine holds, until their outcome is recorded: a drain releases the rest.
  private final Map<Long, ClaimedTask> held = new ConcurrentHashMap<>();
  private final WorkerRecord registration;
  private volatile Duration grace = DEFAULT_GRACE;
  private volatile Instant drainDeadline; // set once draining: stop claiming, end by then
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  // Used by the dispatcher thread only.
  private Instant nextCancelCheck = Instant.MIN;
  private Instant nextScheduleCheck = Instant.MIN;
  private Instant nextDueLookup = Instant.MIN;
  private Instant nextExpiryCheck = Instant.MIN;
  private Optional<Instant> nextDue = Optional.empty();

  /** A run's pipeline as stored, with its nodes by id. */
  private record StoredRun(Pipeline pipeline, Map<String, Node> nodes) {
    static StoredRun of(String json) {
      Pipeline pipeline = Json.pipeline(json);
      return new StoredRun(pipeline, pipeline.nodesById());
    }
  }

  /** An engine working on {@code store}, registered there as a new worker. */
  public TaskEngine(TaskStore store, NodeTypes types, EngineOptions options) {
    this.store = store;
    this.types = types;
    this.options = options;
    this.host = hostName();
    this.workerId =
        host
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    this.registration =
        WorkerRecord.starting(
            workerId,
            host,
            ProcessHandle.current().pid(),
            now(),
            options.concurrency(),
            options.lease(),
            TaskEngine.class.getPackage().getImplementationVersion());
    store.registerWorker(registration);
  }

  /** How long a drain waits for running tasks when {@link #work} is given no grace. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /**
   * Stops claiming and lets the tasks this engine runs finish within the grace period given to
   * {@link #work}; then puts back those still running as not started, and {@link #work} returns.
   * Safe from any thread (a signal handler's, say); {@code weft workers drain} asks the same
   * through the store.
   */
  public void drain() {
    if (drainDeadline == null) {
      drainDeadline = now().plus(grace);
      wakeUps.release();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private Instant now() {
    return options.clock().instant();
  }

  /** This engine's worker id in the store. */
  public String workerId() {
    return workerId;
  }

  /** Stores a new run of a valid {@code kind: tasks} pipeline and returns its id. */
  public long submit(Pipeline pipeline) {
    return submit(pipeline, now());
  }

  /** Stores a new run whose first tasks may start at {@code at} (not before); returns its id. */
  public long submit(Pipeline pipeline, Instant at) {
    return store.createRun(plan(expanded(pipeline)), now(), at);
  }

  /**
   * The pipeline with its {@code pipeline} nodes expanded, files read relative to the working
   * directory (the CLI expands them relative to the manifest before this).
   */
  private Pipeline expanded(Pipeline pipeline) {
    return SubPipelines.expand(pipeline, java.nio.file.Path.of(""), pipeline.name(), types)
        .orThrow();
  }

  private static RunPlan plan(Pipeline pipeline) {
    List<String> order = Dag.of(pipeline).sort().order();
    Map<String, Node> nodes = pipeline.nodesById();
    Map<String, Integer> position = new HashMap<>();
    for (String id : order) {
      position.put(id, position.size());
    }
    List<RunPlan.Task> tasks = new ArrayList<>(order.size());
    for (String id : order) {
      Node node = nodes.get(id);
      List<Dependency> after = node.after();
      int[] positions = new int[after.size()];
      boolean[] required = new boolean[after.size()];
      for (int i = 0; i < after.size(); i++) {
        positions[i] = position.get(after.get(i).id());
        required[i] = after.get(i).required();
      }
      String parent = SubPipelines.parentOf(id);
      tasks.add(
          new RunPlan.Task(
              id,
              node.type(),
              node.priority(),
              node.user(),
              positions,
              required,
              parent == null ? -1 : position.get(parent),
              node.always(),
              node.continueOnFailure(),
              node.exclusive(),
              node.limit(),
              node.rate() == null
                  ? null
                  : new RunPlan.Rate(
                      node.rate().bucket(node.user(), node.type()),
                      node.rate().perSecond(),
                      node.rate().burst())));
    }
    return new RunPlan(pipeline.name(), Json.writePipeline(pipeline), tasks, pipeline.limits());
  }

  /**
   * Starts a run of every schedule that is due and returns them. Each due time fires once across
   * all the workers of the store, also after a restart; a schedule whose times passed while no
   * worker ran fires once for all of them, then keeps to its expression.
   */
  public List<Long> fireDueSchedules(RunListener listener) {
    List<Long> started = new ArrayList<>();
    Instant now = now();
    Instant nextCheck = now.plus(options.poll());
    for (ScheduleRecord due : store.schedules()) {
      Instant at = due.nextFireAt();
      if (at == null || at.isAfter(now)) {
        nextCheck = at != null && at.isBefore(nextCheck) ? at : nextCheck;
        continue;
      }
      Instant next = due.schedule().next(now).orElse(null);
      Pipeline pipeline = Json.pipeline(due.pipelineJson());
      store
          .fireSchedule(due.name(), at, next, plan(pipeline), now)
          .ifPresent(run -> {
            started.add(run);
            listener.scheduled(due.name(), run);
          });
    }
    nextScheduleCheck = nextCheck;
    return started;
  }

  /**
   * Works on run {@code runId} until every task of it has ended, and returns the run's record.
   * Tasks of other runs are left alone. Resumes a run a stopped process left unfinished.
   */
  public TaskRecord run(long runId, RunListener listener) throws InterruptedException {
    TaskRecord run =
        store.task(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
    if (!run.status().ended()) {
      loop(
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
    this.grace = grace;
    try {
      loop(
          null,
          listener,
          change -> false,
          inFlight -> untilIdle && inFlight == 0 && store.active() == 0);
    } finally {
      leave();
    }
  }

  /** Leaves the store's list of workers, if the store can still be reached. */
  private void leave() {
    try {
      store.deregisterWorker(workerId);
    } catch (StoreException e) {
      // the store is gone (the failure that ended the work says why): others will find this
      // worker silent and take over what it held
    }
  }

  /**
   * The dispatcher: records outcomes, claims and hands out tasks (of run {@code rootId}, or of any
   * run), and waits. Ends when a status change satisfies {@code endsOn}, or when {@code idleStop}
   * holds (told the tasks in flight) after a wait that no task's end cut short.
   */
  private void loop(
      Long rootId, RunListener listener, Predicate<StatusChange> endsOn, IntPredicate idleStop)
      throws InterruptedException {
    // Another process's new run or released tasks wake the dispatcher, instead of the next poll.
    AutoCloseable listening = store.onNewWork(wakeUps::release);
    try {
      dispatch(rootId, listener, endsOn, idleStop);
    } finally {
      try {
        listening.close();
      } catch (Exception e) {
        // nothing listens any more either way
      }
    }
  }

  private void dispatch(
      Long rootId, RunListener listener, Predicate<StatusChange> endsOn, IntPredicate idleStop)
      throws InterruptedException {
    int inFlight = 0;
    Instant nextBeat = Instant.MIN;
    // After a claim that got fewer tasks than it asked for, claiming again before anything ends
    // would find nothing: skip it (it is a transaction, and chains of short tasks feel each one).
    boolean mayClaim = true;
    while (true) {
      if (!now().isBefore(nextBeat)) {
        takeOverDeadWorkers();
        nextBeat = now().plus(options.lease().dividedBy(3));
      }
      if (rootId == null && !now().isBefore(nextScheduleCheck)) {
        mayClaim |= !fireDueSchedules(listener).isEmpty();
      }
      if (!now().isBefore(nextExpiryCheck)) {
        cancelExpiredRuns(rootId, listener);
      }
      List<Outcome> finished = drainOutcomes();
      storeReports();
      inFlight -= finished.size();
      mayClaim |= !finished.isEmpty();
      if (finished.stream().anyMatch(o -> o instanceof Outcome.Retry)) {
        nextDueLookup = Instant.MIN; // a retry falls due later: look for it before sleeping
      }
      for (Outcome o : finished) {
        held.remove(o.claim().id());
      }
      int want = mayClaim && drainDeadline == null ? options.concurrency() - inFlight : 0;
      TaskStore.Step step =
          store.finishAndClaim(
              finished,
              workerId,
              rootId,
              want,
              now(),
              now().plus(options.lease()),
              options.limits());
      boolean ended = false;
      for (StatusChange change : step.changes()) {
        listener.changed(change);
        ended |= endsOn.test(change);
        if (change.runEnded()) {
          runs.remove(change.rootId()); // a worker runs for weeks: keep nothing of ended runs
        }
      }
      for (ClaimedTask task : step.claimed()) {
        held.put(task.id(), task);
        inFlight++;
        listener.started(task);
        executor.submit(() -> execute(task));
      }
      if (ended) {
        return;
      }
      if (drainDeadline != null && (inFlight == 0 || !now().isBefore(drainDeadline))) {
        releaseUnfinished(listener);
        return;
      }
      mayClaim = want > 0 && step.claimed().size() == want;
      if (finished.isEmpty() && step.claimed().isEmpty()) {
        // Not woken by a task's end: the run may have been cancelled elsewhere, the store idle.
        if (!awaitWork(rootId, nextBeat, inFlight < options.concurrency())
            && idleStop.test(inFlight)) {
          return;
        }
        mayClaim = true; // a retry may have fallen due
      }
    }
  }

  /** Writes the log lines and progress tasks reported since the last time, if any. */
  private void storeReports() {
    if (logLines.isEmpty() && progress.isEmpty()) {
      return;
    }
    List<LogLine> lines = new ArrayList<>();
    for (LogLine line = logLines.poll(); line != null; line = logLines.poll()) {
      lines.add(line);
    }
    List<Progress> latest = new ArrayList<>();
    for (Long id : List.copyOf(progress.keySet())) {
      Progress p = progress.remove(id);
      if (p != null) {
        latest.add(p);
      }
    }
    store.report(lines, latest);
  }

  /** What a task's context reports to: this engine's buffers, tagged with the attempt. */
  private TaskReporter reporter(ClaimedTask task) {
    return new TaskReporter() {
      @Override
      public void log(Level level, String message) {
        logLines.add(
            new LogLine(
                task.id(),
                task.attempt(),
                now(),
                level.name().toLowerCase(java.util.Locale.ROOT),
                String.valueOf(message)));
      }

      @Override
      public void progress(double fraction, String note) {
        // Stored when the dispatcher next comes round: when a task ends, else within the poll.
        progress.put(task.id(), new Progress(task.id(), fraction, note));
      }
    };
  }

  /**
   * Cancels the runs (this one, or any for {@code null}) that have run longer than their pipeline's
   * {@code run-timeout}; their always-run tasks still run. Looked at once per poll.
   */
  private void cancelExpiredRuns(Long rootId, RunListener listener) {
    nextExpiryCheck = now().plus(options.poll());
    for (TaskRecord run : store.activeRuns()) {
      if (rootId != null && run.id() != rootId) {
        continue;
      }
      Duration limit =
          firstOf(
              runs.computeIfAbsent(run.id(), root -> StoredRun.of(store.pipelineJson(root)))
                  .pipeline()
                  .defaults()
                  .runTimeout(),
              options.fallbacks().runTimeout(),
              null);
      Instant since = run.roundStartedAt() != null ? run.roundStartedAt() : run.startedAt();
      if (limit != null && since != null && since.plus(limit).isBefore(now())) {
        String reason = "the run timed out after " + dev.weft.core.Durations.format(limit);
        store.cancelRun(run.id(), now(), reason).forEach(listener::changed);
      }
    }
  }

  /**
   * The end of a drain: tasks still running are put back as not started, for other workers, and
   * their threads interrupted (what they report after that is refused: their claim was released).
   */
  private void releaseUnfinished(RunListener listener) {
    List<ClaimedTask> unfinished = new ArrayList<>(held.values());
    int released = store.release(unfinished);
    listener.drained(released);
    for (ClaimedTask task : unfinished) {
      Thread thread = running.get(task.id());
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  private List<Outcome> drainOutcomes() {
    List<Outcome> drained = new ArrayList<>();
    for (Outcome o = outcomes.poll(); o != null; o = outcomes.poll()) {
      drained.add(o);
    }
    return drained;
  }

  /**
   * Sleeps until a task ends, a retry falls due (looked for only when a slot is free), a heartbeat
   * is due, or the poll interval passes. Returns whether a task's end woke it.
   */
  private boolean awaitWork(Long rootId, Instant nextBeat, boolean slotFree)
      throws InterruptedException {
    Instant until = now().plus(options.poll());
    if (slotFree && !now().isBefore(nextDueLookup)) {
      // A read per wait would cost chains of short tasks one more transaction each: look once
      // per poll interval, and after recording a retry of our own.
      nextDue = store.nextDue(rootId);
      nextDueLookup = now().plus(options.poll());
    }
    Optional<Instant> token = store.nextRateToken();
    if (slotFree && token.isPresent() && token.get().isBefore(until)) {
      until = token.get();
    }
    Optional<Instant> due = slotFree ? nextDue : Optional.empty();
    if (due.isPresent() && !due.get().isAfter(now())) {
      nextDueLookup = Instant.MIN; // falling due now: the next wait needs a fresh look
    }
    if (due.isPresent() && due.get().isBefore(until)) {
      until = due.get();
    }
    if (nextBeat.isBefore(until)) {
      until = nextBeat;
    }
    if (rootId == null && nextScheduleCheck.isBefore(until)) {
      until = nextScheduleCheck;
    }
    Instant deadline = drainDeadline;
    if (deadline != null && deadline.isBefore(until)) {
      until = deadline;
    }
    stopCancelledTasks();
    long millis = Math.max(1, Duration.between(now(), until).toMillis());
    boolean woken = spinForAnEnd() || wakeUps.tryAcquire(millis, TimeUnit.MILLISECONDS);
    if (woken) {
      wakeUps.drainPermits();
    }
    return woken;
  }

  /**
   * Waits a few microseconds for a task to end before parking: a short task often ends within them,
   * and parking and waking the dispatcher would cost a chain of such tasks more than the task
   * itself.
   */
  private boolean spinForAnEnd() {
    long deadline = System.nanoTime() + SPIN_NANOS;
    while (System.nanoTime() < deadline) {
      if (wakeUps.tryAcquire()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  private static final long SPIN_NANOS = 50_000;

  /**
   * Interrupts the tasks a {@code weft runs cancel} asked to stop. Looked for at most once per poll
   * interval, while waiting.
   */
  private void stopCancelledTasks() {
    if (running.isEmpty() || now().isBefore(nextCancelCheck)) {
      return;
    }
    nextCancelCheck = now().plus(options.poll());
    for (long id : store.cancelRequested(workerId)) {
      Thread thread = running.get(id);
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** Extends this worker's leases and puts back the tasks of workers that are gone. */
  private void takeOverDeadWorkers() {
    if (store.heartbeat(registration, now(), now().plus(options.lease()), running.size())) {
      drain(); // 'weft workers drain' asked
    }
    List<String> dead = new ArrayList<>();
    for (WorkerRecord worker : store.workers()) {
      boolean local = worker.host().equals(host) && !worker.id().equals(workerId);
      boolean gone = local && ProcessHandle.of(worker.pid()).map(p -> !p.isAlive()).orElse(true);
      boolean silent = worker.heartbeatAt().plus(options.lease()).isBefore(now());
      if (!worker.id().equals(workerId) && (gone || silent)) {
        dead.add(worker.id());
      }
    }
    store.recoverAbandoned(now(), dead);
    store.age(now(), options.aging());
  }

  private void execute(ClaimedTask task) {
    Outcome outcome;
    running.put(task.id(), Thread.currentThread());
    try {
      outcome = attempt(task);
    } catch (RuntimeException | Error unexpected) {
      outcome = new Outcome.Failed(task, "weft: " + describe(unexpected), null);
    } finally {
      running.remove(task.id());
    }
    outcomes.add(outcome);
    wakeUps.release();
  }

  private Outcome attempt(ClaimedTask task) {
    StoredRun run =
        runs.computeIfAbsent(task.rootId(), root -> StoredRun.of(store.pipelineJson(root)));
    Pipeline pipeline = run.pipeline();
    Node node = run.nodes().get(task.nodeId());
    if (node == null) {
      throw new IllegalStateException("node " + task.nodeId() + " is not in the stored pipeline");
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    task.inputs().forEach((id, json) -> inputs.put(id, Json.read(json)));
    if (node.when() != null) {
      String unmet = unmetCondition(node, pipeline, inputs, task);
      if (unmet != null) {
        return new Outcome.Skipped(task, unmet);
      }
    }
    Outcome.Keep keep = null;
    if (node.cache() != null) {
      String fingerprint = fingerprint(node, pipeline, inputs, task);
      Optional<dev.weft.tasks.store.CacheEntry> hit = store.cached(fingerprint, now());
      if (hit.isPresent()) {
        return new Outcome.Cached(task, hit.get().resultJson(), hit.get().taskId());
      }
      keep = new Outcome.Keep(fingerprint, node.cache().ttl());
    }
    Duration timeout =
        firstOf(node.timeout(), pipeline.defaults().timeout(), options.fallbacks().timeout());
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread worker = Thread.currentThread();
    ScheduledFuture<?> alarm =
        timeout == null
            ? null
            : timer.schedule(
                () -> {
                  timedOut.set(true);
                  worker.interrupt();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    try {
      TaskExecutor executor =
          types
              .find(node.type(), TaskNodeType.class)
              .orElseThrow(() ->
                  new IllegalStateException(
                      "no task node type '" + node.type() + "' on the class path"))
              .create(node);
      CircuitBreaker breaker = breakerFor(node.type());
      if (breaker != null && !breaker.tryAcquire()) {
        throw new CircuitOpenException(
            "the circuit breaker for type '" + node.type() + "' is open after repeated failures");
      }
      Object result;
      try {
        result =
            executor.execute(
                new TaskContext(
                    task.rootId(),
                    task.id(),
                    node,
                    inputs,
                    task.attempt(),
                    pipeline.params(),
                    reporter(task),
                    missing(node, inputs)));
      } catch (Exception e) {
        if (breaker != null) {
          breaker.onFailure();
        }
        throw e;
      }
      if (breaker != null) {
        breaker.onSuccess();
      }
      return new Outcome.Succeeded(task, Json.write(result), keep);
    } catch (Exception e) {
      String error =
          timedOut.get()
              ? "timed out after " + dev.weft.core.Durations.format(timeout)
              : describe(e);
      return afterFailure(
          task, node, pipeline, timedOut.get() ? new TimeoutError(error) : e, error);
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
      Thread.interrupted(); // an alarm that fired late must not leak into the next task
    }
  }

  /**
   * Why the node's {@code when:} condition keeps it from running, or {@code null} when it is true.
   * It reads {@code params}, {@code results} (of the dependencies that succeeded) and {@code
   * status} (of every dependency, e.g. {@code status.lint == "failed"}).
   */
  private static String unmetCondition(
      Node node, Pipeline pipeline, Map<String, Object> inputs, ClaimedTask task) {
    Map<String, Object> statuses = new LinkedHashMap<>();
    task.upstream().forEach((id, status) -> statuses.put(id, status.display()));
    Map<String, Object> vars =
        Map.of("params", pipeline.params(), "results", inputs, "status", statuses);
    try {
      return Expression.parse(node.when()).test(vars) ? null : "condition is false: " + node.when();
    } catch (dev.weft.core.expr.ExpressionException e) {
      throw new IllegalArgumentException("condition '" + node.when() + "': " + e.getMessage(), e);
    }
  }

  private static String fingerprint(
      Node node, Pipeline pipeline, Map<String, Object> inputs, ClaimedTask task) {
    Map<String, Object> statuses = new LinkedHashMap<>();
    task.upstream().forEach((id, status) -> statuses.put(id, status.display()));
    return Fingerprints.of(node, pipeline.params(), task.inputs(), inputs, statuses);
  }

  private static java.util.Set<String> missing(Node node, Map<String, Object> inputs) {
    java.util.Set<String> missing = new java.util.LinkedHashSet<>(node.afterIds());
    missing.removeAll(inputs.keySet());
    return missing;
  }

  /** The breaker of a task type, or {@code null} when breakers are off. */
  private CircuitBreaker breakerFor(String type) {
    EngineOptions.Breaker settings = options.breaker();
    if (settings == null) {
      return null;
    }
    return breakers.computeIfAbsent(
        type, t -> new CircuitBreaker(settings.failures(), settings.open(), options.clock()));
  }

  /** An attempt refused because its type's circuit breaker is open; the retry rule applies. */
  private static final class CircuitOpenException extends Exception {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message) {
      super(message);
    }
  }

  /** Marks a failure caused by a timeout, for retry-on matching ({@code on: [timeout]}). */
  private static final class TimeoutError extends TimeoutException {
    private static final long serialVersionUID = 1L;

    TimeoutError(String message) {
      super(message);
    }
  }

  private Outcome afterFailure(
      ClaimedTask task, Node node, Pipeline pipeline, Exception error, String message) {
    RetrySpec spec =
        firstOf(node.retry(), pipeline.defaults().retry(), options.fallbacks().retry());
    RetryPolicy policy = spec == null ? RetryPolicy.NONE : spec.toPolicy();
    Instant now = now();
    Instant first = task.roundStartedAt() == null ? now : task.roundStartedAt();
    boolean timedOut = error instanceof TimeoutError;
    return switch (policy.decide(task.roundAttempt(), error, first, now)) {
      case RetryDecision.Retry(Duration delay) ->
          new Outcome.Retry(task, message, now.plus(delay), timedOut);
      case RetryDecision.GiveUp(String reason) ->
          new Outcome.Failed(task, message, spec == null ? null : reason, timedOut);
    };
  }

  /** The node's setting, else the pipeline's default, else the worker's (config file). */
  private static <T> T firstOf(T node, T pipeline, T worker) {
    return node != null ? node : pipeline != null ? pipeline : worker;
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Stops the task threads (unfinished attempts are taken over by the next engine on the store) and
   * leaves the store's list of workers.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    timer.shutdownNow();
    leave();
  }
}
