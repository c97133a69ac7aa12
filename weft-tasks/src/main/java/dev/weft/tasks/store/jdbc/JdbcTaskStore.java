package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.RunNotes;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.RunningTask;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskDetails;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.WebhookStore;
import dev.weft.tasks.store.WorkerRecord;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import javax.sql.DataSource;

/**
 * The task store on a relational database, one implementation for SQLite and PostgreSQL: each
 * method is one transaction, made of the parts that own each concern (writing runs, claiming, the
 * state machine, copies, and repositories of cache, schedules, workers and logs); what differs
 * between the databases is the {@link Dialect}.
 */
public final class JdbcTaskStore implements TaskStore {

  private final JdbcDb db;
  private final TaskQueries queries;
  private final RunWriter runs;
  private final Claimer claimer;
  private final Transitions transitions;
  private final RunControl control;
  private final Copies copies;
  private final WorkerRepository workers;
  private final CacheRepository cache;
  private final ScheduleRepository schedules;
  private final LogRepository logs;
  private final CheckpointRepository checkpoints;
  private final TaskTrees trees;
  private final EventLog events;
  private final WebhookRepository webhooks;
  private final RunNotesRepository notes;

  /** The store's connections and dialect, for tests that look at how its statements run. */
  JdbcDb db() {
    return db;
  }

  private JdbcTaskStore(Dialect dialect, Connections connections) {
    this.db = new JdbcDb(dialect, connections);
    RunLimitsRepository runLimits = new RunLimitsRepository(db);
    this.queries = new TaskQueries(db);
    this.runs = new RunWriter(db, runLimits);
    this.claimer = new Claimer(db, runLimits);
    this.cache = new CacheRepository(db);
    this.transitions = new Transitions(db, cache, runLimits);
    this.control = new RunControl(db, transitions);
    this.copies = new Copies(db, queries, runs, runLimits);
    this.workers = new WorkerRepository(db, transitions);
    this.schedules = new ScheduleRepository(db);
    this.logs = new LogRepository(db);
    this.checkpoints = new CheckpointRepository(db);
    this.trees = new TaskTrees(db, runs, queries);
    this.events = new EventLog(db);
    this.webhooks = new WebhookRepository(db, events);
    this.notes = new RunNotesRepository(db);
  }

  /**
   * A store whose transactions take turns on one connection (SQLite), its schema up to date.
   *
   * @param connection with autocommit on; the store closes it
   */
  public static JdbcTaskStore onConnection(Dialect dialect, Connection connection) {
    return new JdbcTaskStore(dialect, Connections.single(connection));
  }

  /**
   * A store whose transactions each borrow a connection of {@code pool} (PostgreSQL), its schema up
   * to date.
   *
   * @param closePool closes the pool when the store closes
   */
  public static JdbcTaskStore onPool(Dialect dialect, DataSource pool, AutoCloseable closePool) {
    return new JdbcTaskStore(dialect, Connections.pooled(pool, closePool));
  }

  @Override
  public long createRun(RunPlan plan, Instant now, Instant notBefore) {
    return db.transaction(
        "creating run " + plan.name(),
        () -> started(runs.insert(plan, now, notBefore)[0], TaskStatus.RUNNING, now));
  }

  /** Logs that run {@code rootId} is now {@code status}; returns its id. */
  private long started(long rootId, TaskStatus status, Instant now) {
    events.status(rootId, Event.Kind.RUN, status, now);
    return rootId;
  }

  /** Logs that the tasks claimed are running; returns them. */
  private List<ClaimedTask> running(List<ClaimedTask> claimed, Instant now) {
    for (ClaimedTask c : claimed) {
      events.status(c.id(), Event.Kind.TASK, TaskStatus.RUNNING, now);
    }
    return claimed;
  }

  /** Logs the status changes; returns them. */
  private List<StatusChange> logged(List<StatusChange> changes, Instant now) {
    events.changes(changes, now);
    return changes;
  }

  @Override
  public List<ClaimedTask> claim(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil, Limits limits) {
    if (max <= 0) {
      return List.of();
    }
    return db.transaction(
        "claiming tasks",
        () -> running(claimer.claim(worker, rootId, max, now, leaseUntil, limits), now));
  }

  @Override
  public Step finishAndClaim(
      Collection<Outcome> outcomes,
      String worker,
      Long rootId,
      int max,
      Instant now,
      Instant leaseUntil,
      Limits limits,
      LongPredicate known) {
    if (outcomes.isEmpty() && max <= 0) {
      return new Step(List.of(), List.of());
    }
    // One transaction for both: a chain of short tasks pays one commit per task, not two.
    return db.transaction(
        "recording outcomes and claiming tasks",
        () -> {
          Transitions.Ended ended = new Transitions.Ended();
          List<StatusChange> changes = transitions.finish(outcomes, now, ended);
          List<ClaimedTask> claimed =
              max <= 0 ? List.of() : claimer.claim(worker, rootId, max, now, leaseUntil, limits);
          transitions.announce(ended, claimed);
          transitions.runsEnded(ended, now, changes);
          return new Step(
              logged(changes, now), running(claimed, now), queries.pipelines(claimed, known));
        });
  }

  @Override
  public Optional<Instant> nextRateToken() {
    return claimer.nextRateToken();
  }

  @Override
  public List<StatusChange> finish(Collection<Outcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    return db.transaction(
        "recording task outcomes",
        () -> {
          Transitions.Ended ended = new Transitions.Ended();
          List<StatusChange> changes = transitions.finish(outcomes, now, ended);
          transitions.announce(ended, List.of());
          transitions.runsEnded(ended, now, changes);
          return logged(changes, now);
        });
  }

  @Override
  public List<StatusChange> cancelRun(long rootId, Instant now, String reason) {
    return db.transaction(
        "cancelling run " + rootId,
        () -> {
          trees.openIfHeld(rootId, now); // a held run is cancelled as a started one
          return logged(control.cancelRun(rootId, now, reason), now);
        });
  }

  @Override
  public List<StatusChange> cancelTask(long taskId, Instant now) {
    TaskRecord task = task(taskId).orElse(null);
    if (task == null || task.parentId() == 0) {
      return task == null ? List.of() : cancelRun(taskId, now);
    }
    return db.transaction(
        "cancelling task " + taskId,
        () -> {
          List<StatusChange> changes = control.cancelTask(task, now);
          trees.keepHeld(task.rootId()); // what it released stays held with its run
          return logged(changes, now);
        });
  }

  @Override
  public List<TaskRecord> activeRuns() {
    return queries.records(
        "listing active runs", "parent_id IS NULL AND status = 'running' ORDER BY id");
  }

  @Override
  public List<TaskRecord> timedOutRuns(Instant now, Duration fallback) {
    // run_timeout_ms -1: a run stored before the column, whose pipeline says (see V21/V12).
    return queries.records(
        "listing runs that ran out of time",
        "parent_id IS NULL AND status = 'running' AND (run_timeout_ms = -1"
            + " OR coalesce(round_started_at, started_at) + coalesce(run_timeout_ms, ?) <= ?)"
            + " ORDER BY id",
        fallback == null ? null : fallback.toMillis(),
        now.toEpochMilli());
  }

  @Override
  public long copyTasks(Collection<Long> taskIds, Instant now, CopyReset reset) {
    return db.transaction(
        "copying tasks " + taskIds,
        () -> {
          long copy = copies.copy(taskIds, now, reset);
          trees.copyDetails(copy);
          return started(copy, TaskStatus.RUNNING, now);
        });
  }

  @Override
  public List<TaskDependency> dependencies(long rootId) {
    return db.read("reading the dependencies of run " + rootId, () -> queries.dependencies(rootId));
  }

  @Override
  public int retryFailed(long rootId, Instant now) {
    return db.transaction(
        "retrying run " + rootId,
        () -> {
          int again = control.retryFailed(rootId, now);
          if (again > 0) {
            started(rootId, TaskStatus.RUNNING, now);
          }
          return again;
        });
  }

  @Override
  public List<Long> cancelRequested(String worker) {
    return db.read("looking for tasks asked to stop", () -> workers.cancelRequested(worker));
  }

  @Override
  public void age(Instant now, Duration step) {
    db.transaction(
        "aging ready tasks",
        () -> {
          control.age(now, step);
          return null;
        });
  }

  @Override
  public boolean heartbeat(
      WorkerRecord worker, Instant now, Instant leaseUntil, Collection<Long> held) {
    return db.transaction("heartbeat", () -> workers.heartbeat(worker, now, leaseUntil, held));
  }

  @Override
  public boolean drainWorker(String id) {
    return db.transaction("asking worker " + id + " to drain", () -> workers.drain(id));
  }

  @Override
  public void deregisterWorker(String id) {
    db.transaction(
        "deregistering worker " + id,
        () -> {
          workers.deregister(id);
          return null;
        });
  }

  @Override
  public int release(Collection<ClaimedTask> claims) {
    return claims.isEmpty()
        ? 0
        : db.transaction("releasing unfinished tasks", () -> workers.release(claims));
  }

  @Override
  public void registerWorker(WorkerRecord worker) {
    claimer.serves(worker.id(), worker.labels());
    db.transaction(
        "registering worker " + worker.id(),
        () -> {
          workers.register(worker);
          return null;
        });
  }

  @Override
  public List<WorkerRecord> workers() {
    return db.read("listing workers", workers::all);
  }

  @Override
  public List<RunningTask> runningTasks() {
    return db.read("listing running tasks", workers::running);
  }

  @Override
  public int recoverAbandoned(Instant now, Collection<String> deadWorkers) {
    return db.transaction(
        "recovering abandoned tasks", () -> workers.recoverAbandoned(now, deadWorkers));
  }

  @Override
  public Optional<Instant> nextDue(Long rootId) {
    return db.read("finding the next due task", () -> queries.nextDue(rootId));
  }

  @Override
  public Instant databaseTime() {
    String query = db.dialect().clockQuery();
    if (query == null) {
      return Instant.now();
    }
    return db.read(
        "reading the database's clock",
        () -> {
          try (java.sql.ResultSet r = db.sql(query).executeQuery()) {
            r.next();
            return Instant.ofEpochMilli(r.getLong(1));
          }
        });
  }

  @Override
  public int active() {
    return queries.count(
        "counting active tasks", "status IN ('ready', 'running') AND parent_id IS NOT NULL");
  }

  @Override
  public Optional<TaskRecord> task(long id) {
    return queries.records("reading task " + id, "id = ?", id).stream().findFirst();
  }

  @Override
  public List<TaskRecord> tasks(long rootId) {
    return queries.records(
        "reading the tasks of run " + rootId, "root_id = ? AND id <> root_id ORDER BY id", rootId);
  }

  @Override
  public List<TaskRecord> findTasks(
      Long rootId, TaskStatus status, String user, int limit, int offset) {
    List<Object> values = new ArrayList<>();
    String where = TaskQueries.taskFilter(rootId, status, user, values);
    values.add(limit);
    values.add(offset);
    return queries.records(
        "listing tasks", where + " ORDER BY id DESC LIMIT ? OFFSET ?", values.toArray());
  }

  @Override
  public int countTasks(Long rootId, TaskStatus status, String user) {
    List<Object> values = new ArrayList<>();
    return queries.count(
        "counting tasks", TaskQueries.taskFilter(rootId, status, user, values), values.toArray());
  }

  @Override
  public void saveSchedule(ScheduleRecord schedule, Instant now) {
    schedules.save(schedule, now);
  }

  @Override
  public List<ScheduleRecord> schedules() {
    return schedules.all();
  }

  @Override
  public boolean removeSchedule(String name) {
    return schedules.remove(name);
  }

  @Override
  public Optional<Long> fireSchedule(
      String name, Instant due, Instant next, RunPlan plan, Instant now) {
    return db.transaction(
        "firing schedule " + name,
        () -> {
          if (!schedules.advance(name, due, next)) {
            return Optional.<Long>empty();
          }
          long run = started(runs.insert(plan, now, now)[0], TaskStatus.RUNNING, now);
          schedules.link(name, run);
          return Optional.of(run);
        });
  }

  @Override
  public Optional<CacheEntry> cached(String fingerprint, Instant now) {
    return cache.find(fingerprint, now);
  }

  @Override
  public List<CacheEntry> cacheEntries() {
    return cache.entries();
  }

  @Override
  public int clearCache(boolean expiredOnly, Instant now) {
    return cache.clear(expiredOnly, now);
  }

  @Override
  public List<TaskRecord> runs(int limit, int offset) {
    return queries.records(
        "listing runs", "parent_id IS NULL ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
  }

  @Override
  public int countRuns() {
    return queries.count("counting runs", "parent_id IS NULL");
  }

  @Override
  public void report(Collection<LogLine> lines, Collection<Progress> progress) {
    if (progress.isEmpty()) {
      logs.report(lines, progress);
      return;
    }
    Instant now = Instant.now();
    db.transaction(
        "storing task reports",
        () -> {
          logs.report(lines, progress);
          for (Progress p : progress) {
            db.event(
                new EventLog.Pending(
                    p.taskId(), now, Event.Kind.PROGRESS, null, null, p.fraction(), p.note()));
          }
          return null;
        });
  }

  @Override
  public List<Event> events(Event.Query query) {
    return events.read(query);
  }

  @Override
  public WebhookStore webhooks() {
    return webhooks;
  }

  @Override
  public RunNotes notes() {
    return notes;
  }

  @Override
  public long lastEventId() {
    return events.lastId();
  }

  @Override
  public int pruneEvents(Instant before) {
    return events.prune(before);
  }

  @Override
  public boolean checkpoint(ClaimedTask claim, String stateJson, Instant now) {
    return checkpoints.save(claim, stateJson, now);
  }

  @Override
  public Optional<Checkpoint> checkpoint(long taskId) {
    return checkpoints.last(taskId);
  }

  @Override
  public List<LogLine> logs(long taskId) {
    return logs.of(taskId);
  }

  @Override
  public List<AttemptRecord> attempts(long taskId) {
    return db.read("reading the attempts of task " + taskId, () -> queries.attempts(taskId));
  }

  @Override
  public String pipelineJson(long rootId) {
    return db.read("reading the pipeline of run " + rootId, () -> queries.pipelineJson(rootId));
  }

  @Override
  public Optional<TraceContext> trace(long rootId) {
    return db.read("reading the trace of run " + rootId, () -> queries.trace(rootId));
  }

  @Override
  public AutoCloseable onNewWork(Runnable listener) {
    return db.listen(listener);
  }

  @Override
  public long createRun(RunPlan plan, Instant now, Instant notBefore, NewRun how) {
    return db.transaction(
        "creating run " + plan.name(),
        () -> {
          long run = trees.create(plan, now, notBefore, how);
          if (how.webhook() != null) {
            webhooks.insert(run, how.webhook()); // before the run's first event: it sees them all
          }
          return started(run, how.held() ? TaskStatus.PENDING : TaskStatus.RUNNING, now);
        });
  }

  @Override
  public boolean startRun(long rootId, Instant now) {
    return db.transaction(
        "starting run " + rootId,
        () -> {
          boolean started = trees.start(rootId, now);
          if (started) {
            started(rootId, TaskStatus.RUNNING, now);
          }
          return started;
        });
  }

  @Override
  public java.util.Map<Long, TaskDetails> details(long rootId) {
    return db.read("reading the task details of run " + rootId, () -> trees.details(rootId));
  }

  @Override
  public boolean updateTask(long taskId, TaskUpdate update, Instant now) {
    return db.transaction("updating task " + taskId, () -> trees.update(taskId, update));
  }

  @Override
  public int deleteTasks(long rootId, Collection<Long> taskIds, String pipelineJson) {
    return db.transaction(
        "deleting tasks of run " + rootId, () -> trees.delete(rootId, taskIds, pipelineJson));
  }

  @Override
  public List<TaskRecord> findRuns(String owner, TaskStatus status, int limit, int offset) {
    List<Object> values = new ArrayList<>();
    String where = TaskTrees.runFilter(owner, status, values);
    values.add(limit);
    values.add(offset);
    return queries.records(
        "listing runs", where + " ORDER BY id DESC LIMIT ? OFFSET ?", values.toArray());
  }

  @Override
  public int countRuns(String owner, TaskStatus status) {
    List<Object> values = new ArrayList<>();
    return queries.count(
        "counting runs", TaskTrees.runFilter(owner, status, values), values.toArray());
  }

  @Override
  public void close() {
    db.close();
  }
}
