package dev.weft.tasks.store;

import static dev.weft.tasks.store.SqliteDb.instant;
import static dev.weft.tasks.store.SqliteTaskQueries.dbStatus;
import static dev.weft.tasks.store.SqliteTaskQueries.status;

import dev.weft.tasks.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The task store in one SQLite file (WAL mode). One connection, used under this object's lock;
 * transactions start IMMEDIATE, so a transaction holds the write lock from its first statement and
 * other processes on the same file wait for it (busy timeout) instead of failing.
 */
public final class SqliteTaskStore implements TaskStore {

  private final SqliteDb db;
  private final SqliteTaskQueries queries;
  private final SqliteRunLimits runLimits;
  private final SqliteRunWriter runs;
  private final SqliteCache cache;
  private final SqliteSchedules schedules;
  private final SqliteLogs logs;
  private Instant nextToken; // when a rate-limited task passed over by a claim gets its token

  private SqliteTaskStore(Connection connection) {
    this.db = new SqliteDb(connection);
    this.queries = new SqliteTaskQueries(db);
    this.runLimits = new SqliteRunLimits(db);
    this.runs = new SqliteRunWriter(db, runLimits);
    this.cache = new SqliteCache(db);
    this.schedules = new SqliteSchedules(db);
    this.logs = new SqliteLogs(db);
  }

  /**
   * Opens (creating if need be) the store at {@code file} and brings its schema up to date; safe
   * when many processes do it at once (see {@link SqliteMigration}).
   */
  public static SqliteTaskStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(10_000);
      SQLiteDataSource source = new SQLiteDataSource(config);
      source.setUrl("jdbc:sqlite:" + file);
      SqliteMigration.migrate(file, source);
      // Autocommit on, transactions begun by hand: with autocommit off the driver begins the next
      // transaction as soon as one commits, so an idle store would hold the database's lock.
      Connection connection = source.getConnection();
      connection.setAutoCommit(true);
      try (Statement pragmas = connection.createStatement()) {
        // A large run's rows stay in memory (64 MiB of cache, the file mapped), and the WAL is
        // copied back into the database (a checkpoint, with an fsync) every 10,000 pages rather
        // than every 1,000.
        pragmas.execute("PRAGMA cache_size = -65536");
        pragmas.execute("PRAGMA mmap_size = 268435456");
        pragmas.execute("PRAGMA wal_autocheckpoint = 10000");
        pragmas.execute("PRAGMA temp_store = MEMORY");
      }
      return new SqliteTaskStore(connection);
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("cannot open the task store " + file + ": " + e.getMessage(), e);
    }
  }

  private <T> T transaction(String what, SqliteDb.Work<T> work) {
    return db.transaction(what, work);
  }

  private <T> T read(String what, SqliteDb.Work<T> work) {
    return db.read(what, work);
  }

  private void execute(String statement) throws SQLException {
    db.execute(statement);
  }

  private PreparedStatement sql(String text) throws SQLException {
    return db.sql(text);
  }

  @Override
  public long createRun(RunPlan plan, Instant now, Instant notBefore) {
    return transaction("creating run " + plan.name(), () -> insertRun(plan, now, notBefore));
  }

  private long insertRun(RunPlan plan, Instant now, Instant notBefore) throws SQLException {
    return runs.insert(plan, now, notBefore);
  }

  @Override
  public List<ClaimedTask> claim(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil, Limits limits) {
    if (max <= 0) {
      return List.of();
    }
    return transaction(
        "claiming tasks", () -> claimInTransaction(worker, rootId, max, now, leaseUntil, limits));
  }

  @Override
  public Step finishAndClaim(
      Collection<Outcome> outcomes,
      String worker,
      Long rootId,
      int max,
      Instant now,
      Instant leaseUntil,
      Limits limits) {
    if (outcomes.isEmpty() && max <= 0) {
      return new Step(List.of(), List.of());
    }
    // One transaction for both: a chain of short tasks pays one commit per task, not two.
    return transaction(
        "recording outcomes and claiming tasks",
        () -> {
          List<StatusChange> changes = finishInTransaction(outcomes, now);
          List<ClaimedTask> claimed =
              max <= 0
                  ? List.of()
                  : claimInTransaction(worker, rootId, max, now, leaseUntil, limits);
          return new Step(changes, claimed);
        });
  }

  private List<ClaimedTask> claimInTransaction(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil, Limits limits)
      throws SQLException {
    List<Candidate> chosen = claimableIds(limits, rootId, max, now);
    if (chosen.isEmpty()) {
      return List.of();
    }
    PreparedStatement update =
        sql(
            "UPDATE tasks SET status = 'running', attempt = attempt + 1, lease_owner = ?,"
                + " lease_until = ?, lease_epoch = lease_epoch + 1,"
                + " started_at = coalesce(started_at, ?), round_started_at = coalesce(round_started_at, ?)"
                + " WHERE id = ?");
    PreparedStatement attempt =
        sql("INSERT INTO attempts (task_id, attempt, worker, started_at) VALUES (?, ?, ?, ?)");
    List<ClaimedTask> claimed = new ArrayList<>(chosen.size());
    for (Candidate c : chosen) {
      update.setString(1, worker);
      update.setLong(2, leaseUntil.toEpochMilli());
      update.setLong(3, now.toEpochMilli());
      update.setLong(4, now.toEpochMilli());
      update.setLong(5, c.id());
      update.addBatch();
      attempt.setLong(1, c.id());
      attempt.setInt(2, c.attempt() + 1);
      attempt.setString(3, worker);
      attempt.setLong(4, now.toEpochMilli());
      attempt.addBatch();
      Upstream up = upstream(c.id());
      claimed.add(
          new ClaimedTask(
              c.id(),
              c.rootId(),
              c.nodeId(),
              c.type(),
              c.attempt() + 1,
              c.roundStart(),
              c.epoch() + 1,
              c.roundStartedAt() != null ? c.roundStartedAt() : now,
              up.inputs(),
              up.statuses()));
    }
    update.executeBatch();
    attempt.executeBatch();
    return claimed;
  }

  /** A ready task a claim may take, with what the claim needs to know of it. */
  private record Candidate(
      long id,
      long rootId,
      String nodeId,
      String type,
      String user,
      int attempt,
      int roundStart,
      long epoch,
      Instant roundStartedAt,
      String exclusive,
      String limit,
      RunPlan.Rate rate) {

    boolean keyed() {
      return exclusive != null || limit != null || rate != null;
    }
  }

  /** What a claimed task sees of its dependencies: results of those that succeeded, statuses. */
  private record Upstream(Map<String, String> inputs, Map<String, TaskStatus> statuses) {}

  private Upstream upstream(long taskId) throws SQLException {
    // CROSS JOIN fixes the loop order (SQLite's planner could otherwise walk every succeeded
    // task): the few dependencies of the task, then each one's row.
    PreparedStatement select =
        sql(
            "SELECT u.node_id, u.result, u.status FROM task_deps d CROSS JOIN tasks u"
                + " WHERE d.task_id = ? AND u.id = d.depends_on");
    select.setLong(1, taskId);
    Map<String, String> inputs = null;
    Map<String, TaskStatus> statuses = null;
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        if (inputs == null) {
          inputs = new LinkedHashMap<>();
          statuses = new LinkedHashMap<>();
        }
        TaskStatus status = status(r.getString(3));
        statuses.put(r.getString(1), status);
        if (status.succeeded()) {
          inputs.put(r.getString(1), r.getString(2));
        }
      }
    }
    return inputs == null ? new Upstream(Map.of(), Map.of()) : new Upstream(inputs, statuses);
  }

  /** Up to {@code max} ready tasks in claim order that fit the limits and their runs' caps. */
  private List<Candidate> claimableIds(Limits limits, Long rootId, int max, Instant now)
      throws SQLException {
    if (!limits.any()) {
      Page page = claimable(rootId, max, 0, now, null);
      boolean capped = page.chosen().stream().anyMatch(Candidate::keyed);
      for (long root : page.roots()) {
        capped |= runLimits.of(root).any();
      }
      if (!capped) {
        return page.chosen(); // the common case: one query, no counting of running tasks
      }
    }
    return claimableWithin(limits, rootId, max, now);
  }

  /**
   * Ready tasks in claim order, from position {@code offset}; with {@code check}, only those that
   * fit its limits (each admitted one counted).
   */
  private Page claimable(Long rootId, int max, int offset, Instant now, LimitCheck check)
      throws SQLException {
    PreparedStatement select =
        sql(
            rootId == null
                // The indexes give the claim order directly: no sort, however many are ready.
                ? "SELECT "
                    + CANDIDATE_COLUMNS
                    + " FROM tasks INDEXED BY tasks_ready WHERE status = 'ready'"
                    + " AND next_attempt_at <= ? ORDER BY priority DESC, id LIMIT ? OFFSET ?"
                : "SELECT "
                    + CANDIDATE_COLUMNS
                    + " FROM tasks INDEXED BY tasks_ready_in_run WHERE root_id = ?"
                    + " AND status = 'ready' AND next_attempt_at <= ? ORDER BY priority DESC, id LIMIT ? OFFSET ?");
    int p = 1;
    if (rootId != null) {
      select.setLong(p++, rootId);
    }
    select.setLong(p++, now.toEpochMilli());
    select.setInt(p++, max);
    select.setInt(p, offset);
    List<Candidate> chosen = new ArrayList<>();
    Set<Long> roots = new HashSet<>();
    int rows = 0;
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        rows++;
        Candidate c =
            new Candidate(
                r.getLong(1),
                r.getLong(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getInt(6),
                r.getInt(14),
                r.getLong(7),
                instant(r, 8),
                r.getString(9),
                r.getString(10),
                r.getString(11) == null
                    ? null
                    : new RunPlan.Rate(r.getString(11), r.getDouble(12), r.getInt(13)));
        roots.add(c.rootId());
        if (check == null
            || check.admit(
                    c.type(),
                    c.user(),
                    c.rootId(),
                    runLimits.of(c.rootId()),
                    c.exclusive(),
                    c.limit())
                && takeToken(c.rate(), now, check)) {
          chosen.add(c);
        }
      }
    }
    return new Page(chosen, rows, roots);
  }

  private static final String CANDIDATE_COLUMNS =
      "id, root_id, node_id, type, user_name, attempt, lease_epoch, round_started_at,"
          + " exclusive_key, limit_key, rate_bucket, rate_per_second, rate_burst, round_start";

  /**
   * Tasks a claim may take from one page of ready tasks, how many rows the page had, and the runs
   * they belong to.
   */
  private record Page(List<Candidate> chosen, int rows, Set<Long> roots) {}

  /** Up to {@code max} ready tasks that fit {@code limits}, looking past those that do not. */
  private List<Candidate> claimableWithin(Limits limits, Long rootId, int max, Instant now)
      throws SQLException {
    LimitCheck check = new LimitCheck(limits);
    try (ResultSet r =
        sql("SELECT type, user_name, root_id, exclusive_key, limit_key FROM tasks"
                + " WHERE status = 'running' AND parent_id IS NOT NULL")
            .executeQuery()) {
      while (r.next()) {
        check.running(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5));
      }
    }
    List<Candidate> ids = new ArrayList<>();
    int page = Math.max(64, max * 4);
    for (int offset = 0; ids.size() < max && !check.full(); offset += page) {
      // Admitting counts a task as running, so take at most what is still wanted from a page.
      Page fitting = claimable(rootId, page, offset, now, check);
      ids.addAll(fitting.chosen());
      if (fitting.rows() < page) {
        break;
      }
    }
    saveBuckets(check, now);
    return ids.size() > max ? ids.subList(0, max) : ids;
  }

  /**
   * Takes a token from the task's bucket, if it has a rate limit; buckets are read once per claim
   * and written back at its end. When there is none, notes when the next one comes.
   */
  private boolean takeToken(RunPlan.Rate rate, Instant now, LimitCheck check) throws SQLException {
    if (rate == null) {
      return true;
    }
    double[] bucket = check.buckets().get(rate.bucket());
    if (bucket == null) {
      PreparedStatement select = sql("SELECT tokens, updated_at FROM rate_buckets WHERE name = ?");
      select.setString(1, rate.bucket());
      try (ResultSet r = select.executeQuery()) {
        bucket =
            r.next()
                ? new double[] {r.getDouble(1), r.getLong(2)}
                : new double[] {rate.burst(), now.toEpochMilli()};
      }
      check.buckets().put(rate.bucket(), bucket);
    }
    double elapsed = Math.max(0, now.toEpochMilli() - bucket[1]) / 1000.0;
    bucket[0] = Math.min(rate.burst(), bucket[0] + elapsed * rate.perSecond());
    bucket[1] = now.toEpochMilli();
    if (bucket[0] >= 1) {
      bucket[0] -= 1;
      return true;
    }
    long wait = (long) Math.ceil((1 - bucket[0]) / rate.perSecond() * 1000);
    Instant next = now.plusMillis(Math.max(1, wait));
    if (nextToken == null || next.isBefore(nextToken)) {
      nextToken = next;
    }
    return false;
  }

  private void saveBuckets(LimitCheck check, Instant now) throws SQLException {
    PreparedStatement save =
        sql("INSERT OR REPLACE INTO rate_buckets (name, tokens, updated_at) VALUES (?, ?, ?)");
    for (Map.Entry<String, double[]> bucket : check.buckets().entrySet()) {
      save.setString(1, bucket.getKey());
      save.setDouble(2, bucket.getValue()[0]);
      save.setLong(3, (long) bucket.getValue()[1]);
      save.addBatch();
    }
    save.executeBatch();
  }

  @Override
  public Optional<Instant> nextRateToken() {
    synchronized (db) { // the lock the claims that set it run under
      Optional<Instant> next = Optional.ofNullable(nextToken);
      nextToken = null;
      return next;
    }
  }

  @Override
  public List<StatusChange> finish(Collection<Outcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    return transaction("recording task outcomes", () -> finishInTransaction(outcomes, now));
  }

  private List<StatusChange> finishInTransaction(Collection<Outcome> outcomes, Instant now)
      throws SQLException {
    List<StatusChange> changes = new ArrayList<>();
    Map<Long, int[]> endedPerRun = new LinkedHashMap<>(); // run -> {ended, failed, tolerated}
    for (Outcome outcome : outcomes) {
      // A task asked to stop ends cancelled, unless its attempt succeeded all the same.
      switch (outcome) {
        case Outcome.Succeeded s -> succeeded(s, now, changes, endedPerRun);
        case Outcome.Skipped k -> skipped(k, now, changes, endedPerRun);
        case Outcome.Cached c -> cached(c, now, changes, endedPerRun);
        case Outcome.Retry r when stopRequested(r.claim()) ->
            cancelled(r.claim(), r.error(), now, changes, endedPerRun);
        case Outcome.Failed f when stopRequested(f.claim()) ->
            cancelled(f.claim(), f.error(), now, changes, endedPerRun);
        case Outcome.Retry r -> retry(r, now);
        case Outcome.Failed f -> failed(f, now, changes, endedPerRun);
      }
    }
    for (Map.Entry<Long, int[]> run : endedPerRun.entrySet()) {
      int[] counts = run.getValue();
      tasksEnded(run.getKey(), counts[0], counts[1], counts[2], now, changes);
    }
    return changes;
  }

  /**
   * Moves a running task to {@code status} if the claim's lease epoch is still current. Returns
   * false when the lease was taken over: then the new owner's word counts, and this outcome none.
   */
  private boolean fencedUpdate(
      ClaimedTask claim, String status, String result, String error, Instant at, Instant now)
      throws SQLException {
    PreparedStatement update =
        sql(
            "UPDATE tasks SET status = ?, result = ?, error = ?, next_attempt_at = ?, finished_at = ?,"
                + " lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_epoch = ? AND status = 'running'");
    update.setString(1, status);
    update.setString(2, result);
    update.setString(3, error);
    update.setLong(4, at == null ? 0 : at.toEpochMilli());
    update.setObject(5, at == null ? now.toEpochMilli() : null);
    update.setLong(6, claim.id());
    update.setLong(7, claim.epoch());
    return update.executeUpdate() == 1;
  }

  private void endAttempt(long taskId, int attempt, String outcome, String error, Instant now)
      throws SQLException {
    PreparedStatement update =
        sql(
            "UPDATE attempts SET finished_at = ?, outcome = ?, error = ? WHERE task_id = ? AND attempt = ?");
    update.setLong(1, now.toEpochMilli());
    update.setString(2, outcome);
    update.setString(3, error);
    update.setLong(4, taskId);
    update.setInt(5, attempt);
    update.executeUpdate();
  }

  private static void count(Map<Long, int[]> endedPerRun, long run, int ended, int failed) {
    int[] counts = endedPerRun.computeIfAbsent(run, k -> new int[3]);
    counts[0] += ended;
    counts[1] += failed;
  }

  private static void tolerated(Map<Long, int[]> endedPerRun, long run) {
    endedPerRun.computeIfAbsent(run, k -> new int[3])[2]++;
  }

  private void skipped(
      Outcome.Skipped k, Instant now, List<StatusChange> changes, Map<Long, int[]> endedPerRun)
      throws SQLException {
    ClaimedTask task = k.claim();
    if (!fencedUpdate(task, "skipped", null, k.reason(), null, now)) {
      return;
    }
    notAnAttempt(task);
    changes.add(
        new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.SKIPPED, k.reason()));
    int cascaded =
        cascade(task.id(), task.rootId(), task.nodeId(), TaskStatus.SKIPPED, now, changes);
    count(endedPerRun, task.rootId(), 1 + cascaded, 0);
  }

  private boolean continuesOnFailure(long taskId) throws SQLException {
    PreparedStatement select = sql("SELECT continue_on_failure FROM tasks WHERE id = ?");
    select.setLong(1, taskId);
    try (ResultSet r = select.executeQuery()) {
      return r.next() && r.getInt(1) == 1;
    }
  }

  private void succeeded(
      Outcome.Succeeded s, Instant now, List<StatusChange> changes, Map<Long, int[]> endedPerRun)
      throws SQLException {
    ClaimedTask task = s.claim();
    if (!fencedUpdate(task, "succeeded", s.resultJson(), null, null, now)) {
      return;
    }
    endAttempt(task.id(), task.attempt(), "succeeded", null, now);
    changes.add(
        new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.SUCCEEDED, null));
    releaseDependents(task.id(), false);
    count(endedPerRun, task.rootId(), 1, 0);
    if (s.keep() != null) {
      cache.keep(s.keep(), task, s.resultJson(), now);
    }
  }

  private void cached(
      Outcome.Cached c, Instant now, List<StatusChange> changes, Map<Long, int[]> endedPerRun)
      throws SQLException {
    ClaimedTask task = c.claim();
    if (!fencedUpdate(task, "cached", c.resultJson(), null, null, now)) {
      return;
    }
    PreparedStatement link = sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    link.setLong(1, c.originalId());
    link.setLong(2, task.id());
    link.executeUpdate();
    notAnAttempt(task);
    changes.add(new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.CACHED, null));
    releaseDependents(task.id(), false);
    count(endedPerRun, task.rootId(), 1, 0);
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

  private boolean stopRequested(ClaimedTask claim) throws SQLException {
    PreparedStatement select = sql("SELECT cancel_requested FROM tasks WHERE id = ?");
    select.setLong(1, claim.id());
    try (ResultSet r = select.executeQuery()) {
      return r.next() && r.getInt(1) == 1;
    }
  }

  private void cancelled(
      ClaimedTask task,
      String error,
      Instant now,
      List<StatusChange> changes,
      Map<Long, int[]> endedPerRun)
      throws SQLException {
    String why = runEndReason(task.rootId());
    String taskError = "cancelled while running: " + (why == null ? error : why);
    if (!fencedUpdate(task, "cancelled", null, taskError, null, now)) {
      return;
    }
    endAttempt(task.id(), task.attempt(), "cancelled", error, now);
    changes.add(
        new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.CANCELLED, error));
    int cascaded =
        cascade(task.id(), task.rootId(), task.nodeId(), TaskStatus.CANCELLED, now, changes);
    // A cancelled task keeps its run from succeeding (a cancelled run ends cancelled anyway).
    count(endedPerRun, task.rootId(), 1 + cascaded, 1 + cascaded);
  }

  /** Why run {@code rootId} is being ended (e.g. its run-timeout), or {@code null}. */
  private String runEndReason(long rootId) throws SQLException {
    PreparedStatement select = sql("SELECT error FROM tasks WHERE id = ?");
    select.setLong(1, rootId);
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }

  @Override
  public List<TaskRecord> activeRuns() {
    return queries.records(
        "listing active runs", "parent_id IS NULL AND status = 'running' ORDER BY id");
  }

  @Override
  public List<StatusChange> cancelRun(long rootId, Instant now, String reason) {
    return transaction(
        "cancelling run " + rootId,
        () -> {
          List<StatusChange> changes = new ArrayList<>();
          PreparedStatement run =
              sql("SELECT status FROM tasks WHERE id = ? AND parent_id IS NULL");
          run.setLong(1, rootId);
          try (ResultSet r = run.executeQuery()) {
            if (!r.next() || !r.getString(1).equals("running")) {
              return changes; // no such run, or it has ended already
            }
          }
          String error = reason == null ? "cancelled" : "cancelled: " + reason;
          // Always-run tasks are not cancelled: they run once what they wait for has ended.
          PreparedStatement waiting =
              sql(
                  "SELECT id, node_id FROM tasks WHERE root_id = ? AND status IN ('pending', 'ready')"
                      + " AND always = 0");
          waiting.setLong(1, rootId);
          try (ResultSet r = waiting.executeQuery()) {
            while (r.next()) {
              changes.add(
                  new StatusChange(
                      r.getLong(1), rootId, r.getString(2), TaskStatus.CANCELLED, error));
            }
          }
          PreparedStatement cancel =
              sql(
                  "UPDATE tasks SET status = 'cancelled', error = ?, finished_at = ?"
                      + " WHERE root_id = ? AND status IN ('pending', 'ready') AND always = 0");
          cancel.setString(1, error);
          cancel.setLong(2, now.toEpochMilli());
          cancel.setLong(3, rootId);
          cancel.executeUpdate();
          for (StatusChange cancelled : changes) {
            releaseDependents(cancelled.taskId(), true); // what always runs, stops waiting for it
          }
          if (reason != null) {
            PreparedStatement why = sql("UPDATE tasks SET error = ? WHERE id = ?");
            why.setString(1, reason);
            why.setLong(2, rootId);
            why.executeUpdate();
          }
          PreparedStatement stop =
              sql("UPDATE tasks SET cancel_requested = 1 WHERE root_id = ? AND status = 'running'");
          stop.setLong(1, rootId);
          stop.executeUpdate();
          tasksEnded(rootId, changes.size(), 0, 0, now, changes);
          return changes;
        });
  }

  @Override
  public List<StatusChange> cancelTask(long taskId, Instant now) {
    TaskRecord task = task(taskId).orElse(null);
    if (task == null || task.parentId() == 0) {
      return task == null ? List.of() : cancelRun(taskId, now);
    }
    return transaction(
        "cancelling task " + taskId,
        () -> {
          List<StatusChange> changes = new ArrayList<>();
          PreparedStatement waiting =
              sql(
                  "UPDATE tasks SET status = 'cancelled', error = 'cancelled', finished_at = ?"
                      + " WHERE id = ? AND status IN ('pending', 'ready')");
          waiting.setLong(1, now.toEpochMilli());
          waiting.setLong(2, taskId);
          if (waiting.executeUpdate() == 1) {
            changes.add(
                new StatusChange(
                    taskId, task.rootId(), task.nodeId(), TaskStatus.CANCELLED, "cancelled"));
            int ended =
                1
                    + cascade(
                        taskId, task.rootId(), task.nodeId(), TaskStatus.CANCELLED, now, changes);
            tasksEnded(task.rootId(), ended, ended, 0, now, changes);
            return changes;
          }
          // Running: its worker interrupts it, and its end cancels what depends on it.
          PreparedStatement stop =
              sql("UPDATE tasks SET cancel_requested = 1 WHERE id = ? AND status = 'running'");
          stop.setLong(1, taskId);
          stop.executeUpdate();
          return changes;
        });
  }

  @Override
  public long copyTasks(Collection<Long> seeds, Instant now, CopyReset reset) {
    return transaction(
        "copying tasks " + seeds,
        () -> {
          // The seeds and everything that depends on them, in creation (topological) order.
          Map<Long, TaskRecord> copied = new LinkedHashMap<>();
          Deque<Long> queue = new ArrayDeque<>(seeds);
          PreparedStatement dependents = sql("SELECT task_id FROM task_deps WHERE depends_on = ?");
          Long originalRun = null;
          while (!queue.isEmpty()) {
            long id = queue.poll();
            if (copied.containsKey(id)) {
              continue;
            }
            TaskRecord task = queries.taskRow(id);
            if (task == null || task.parentId() == 0) {
              throw new IllegalArgumentException(
                  task == null
                      ? "there is no task " + id
                      : id + " is a run: copy one of its tasks, or use 'weft runs retry'");
            }
            if (originalRun != null && originalRun != task.rootId()) {
              throw new IllegalArgumentException("tasks to copy must belong to one run");
            }
            originalRun = task.rootId();
            copied.put(id, task);
            dependents.setLong(1, id);
            try (ResultSet r = dependents.executeQuery()) {
              while (r.next()) {
                queue.add(r.getLong(1));
              }
            }
          }
          List<TaskRecord> order = new ArrayList<>(copied.values());
          order.sort(java.util.Comparator.comparingLong(TaskRecord::id));
          return insertCopy(originalRun, order, now, reset);
        });
  }

  /**
   * Stores a new run made of copies of {@code tasks} (one run's, in creation order): dependencies
   * among them are kept; a dependency on a task left behind is kept too, on the original, whose
   * result becomes an input again, so it must have succeeded.
   */
  private long insertCopy(long originalRun, List<TaskRecord> tasks, Instant now, CopyReset reset)
      throws SQLException {
    Map<Long, Integer> position = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      position.put(tasks.get(i).id(), i);
    }
    PreparedStatement deps =
        sql(
            "SELECT d.task_id, d.depends_on, d.required, u.status, u.node_id FROM task_deps d"
                + " CROSS JOIN tasks u WHERE u.id = d.depends_on AND d.task_id = ?");
    List<RunPlan.Task> planned = new ArrayList<>();
    Map<Integer, List<TaskDependency>> outside = new HashMap<>(); // by position in the copy
    for (int i = 0; i < tasks.size(); i++) {
      TaskRecord task = tasks.get(i);
      List<Integer> after = new ArrayList<>();
      List<Boolean> required = new ArrayList<>();
      Kept kept = keptSettings(task.id());
      deps.setLong(1, task.id());
      try (ResultSet r = deps.executeQuery()) {
        while (r.next()) {
          long upstream = r.getLong(2);
          boolean needed = r.getInt(3) == 1;
          if (position.containsKey(upstream)) {
            after.add(position.get(upstream));
            required.add(needed);
          } else if (reset.inputs()) {
            continue; // the copy starts without the results of what it leaves behind
          } else if (r.getString(4).equals("succeeded")) {
            outside
                .computeIfAbsent(i, k -> new ArrayList<>())
                .add(new TaskDependency(task.id(), upstream, needed));
          } else if (needed && !kept.always()) {
            // An always-run task runs however its dependencies ended: it needs none of them.
            throw new IllegalArgumentException(
                task.nodeId()
                    + " (#"
                    + task.id()
                    + ") needs "
                    + r.getString(5)
                    + " (#"
                    + upstream
                    + "), which is "
                    + r.getString(4)
                    + ": copy #"
                    + upstream
                    + " as well");
          }
        }
      }
      boolean[] flags = new boolean[required.size()];
      for (int f = 0; f < flags.length; f++) {
        flags[f] = required.get(f);
      }
      planned.add(
          new RunPlan.Task(
              task.nodeId(),
              task.type(),
              reset.priority() ? 0 : kept.priority(),
              task.user(),
              after.stream().mapToInt(Integer::intValue).toArray(),
              flags,
              position.getOrDefault(task.parentId(), -1),
              kept.always(),
              kept.continueOnFailure(),
              kept.exclusive(),
              kept.limit(),
              kept.rate()));
    }
    TaskRecord run = queries.taskRow(originalRun);
    RunPlan plan =
        new RunPlan(run.nodeId(), pipelineJsonOf(originalRun), planned, runLimits.of(originalRun));
    long root = insertRun(plan, now, now);
    PreparedStatement link = sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    PreparedStatement dep =
        sql("INSERT INTO task_deps (task_id, depends_on, required) VALUES (?, ?, ?)");
    for (int i = 0; i < tasks.size(); i++) {
      link.setLong(1, tasks.get(i).id());
      link.setLong(2, root + 1 + i);
      link.addBatch();
      for (TaskDependency original : outside.getOrDefault(i, List.of())) {
        dep.setLong(1, root + 1 + i);
        dep.setLong(2, original.dependsOn());
        dep.setInt(3, original.required() ? 1 : 0);
        dep.addBatch();
      }
    }
    link.executeBatch();
    dep.executeBatch();
    PreparedStatement origin = sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    origin.setLong(1, originalRun);
    origin.setLong(2, root);
    origin.executeUpdate();
    return root;
  }

  /** What a copy keeps of its original's settings. */
  private record Kept(
      int priority,
      boolean always,
      boolean continueOnFailure,
      String exclusive,
      String limit,
      RunPlan.Rate rate) {}

  private Kept keptSettings(long id) throws SQLException {
    PreparedStatement select =
        sql(
            "SELECT base_priority, always, continue_on_failure, exclusive_key, limit_key,"
                + " rate_bucket, rate_per_second, rate_burst FROM tasks WHERE id = ?");
    select.setLong(1, id);
    try (ResultSet r = select.executeQuery()) {
      r.next();
      return new Kept(
          r.getInt(1),
          r.getInt(2) == 1,
          r.getInt(3) == 1,
          r.getString(4),
          r.getString(5),
          r.getString(6) == null
              ? null
              : new RunPlan.Rate(r.getString(6), r.getDouble(7), r.getInt(8)));
    }
  }

  @Override
  public List<TaskDependency> dependencies(long rootId) {
    return read(
        "reading the dependencies of run " + rootId,
        () -> {
          PreparedStatement select =
              sql(
                  "SELECT d.task_id, d.depends_on, d.required FROM tasks t CROSS JOIN task_deps d"
                      + " WHERE t.root_id = ? AND d.task_id = t.id ORDER BY d.task_id, d.depends_on");
          select.setLong(1, rootId);
          List<TaskDependency> edges = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              edges.add(new TaskDependency(r.getLong(1), r.getLong(2), r.getInt(3) == 1));
            }
          }
          return edges;
        });
  }

  @Override
  public int retryFailed(long rootId, Instant now) {
    return transaction(
        "retrying run " + rootId,
        () -> {
          PreparedStatement run =
              sql("SELECT status FROM tasks WHERE id = ? AND parent_id IS NULL");
          run.setLong(1, rootId);
          try (ResultSet r = run.executeQuery()) {
            if (!r.next() || !List.of("failed", "cancelled").contains(r.getString(1))) {
              return 0; // no such run, or it succeeded, or it is still running
            }
          }
          PreparedStatement reset =
              sql(
                  "UPDATE tasks SET status = 'pending', error = NULL, finished_at = NULL, next_attempt_at = 0,"
                      + " cancel_requested = 0, round_start = attempt, round_started_at = NULL"
                      + " WHERE root_id = ? AND id <> root_id"
                      + " AND status IN ('failed', 'upstream-failed', 'cancelled')");
          reset.setLong(1, rootId);
          int again = reset.executeUpdate();
          // Each waits for its dependencies that will run again; the succeeded ones are done.
          PreparedStatement waiting =
              sql(
                  "UPDATE tasks SET waiting = (SELECT count(*) FROM task_deps d CROSS JOIN tasks u"
                      + " WHERE d.task_id = tasks.id AND u.id = d.depends_on AND u.status = 'pending')"
                      + " WHERE root_id = ? AND status = 'pending'");
          waiting.setLong(1, rootId);
          waiting.executeUpdate();
          PreparedStatement ready =
              sql(
                  "UPDATE tasks SET status = 'ready' WHERE root_id = ? AND status = 'pending' AND waiting = 0");
          ready.setLong(1, rootId);
          ready.executeUpdate();
          PreparedStatement reopen =
              sql(
                  "UPDATE tasks SET status = 'running', remaining = ?, failures = 0, cancel_requested = 0,"
                      + " finished_at = NULL, error = NULL, round_started_at = ? WHERE id = ?");
          reopen.setInt(1, again);
          reopen.setLong(2, now.toEpochMilli());
          reopen.setLong(3, rootId);
          reopen.executeUpdate();
          return again;
        });
  }

  @Override
  public List<Long> cancelRequested(String worker) {
    return read(
        "looking for tasks asked to stop",
        () -> {
          PreparedStatement select =
              sql(
                  "SELECT id FROM tasks WHERE lease_owner = ? AND status = 'running' AND cancel_requested = 1");
          select.setString(1, worker);
          List<Long> ids = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              ids.add(r.getLong(1));
            }
          }
          return ids;
        });
  }

  private void retry(Outcome.Retry r, Instant now) throws SQLException {
    ClaimedTask task = r.claim();
    if (fencedUpdate(task, "ready", null, r.error(), r.at(), now)) {
      endAttempt(task.id(), task.attempt(), r.timedOut() ? "timed-out" : "failed", r.error(), now);
    }
  }

  private void failed(
      Outcome.Failed f, Instant now, List<StatusChange> changes, Map<Long, int[]> endedPerRun)
      throws SQLException {
    ClaimedTask task = f.claim();
    if (!fencedUpdate(task, "failed", null, f.taskError(), null, now)) {
      return;
    }
    endAttempt(task.id(), task.attempt(), f.timedOut() ? "timed-out" : "failed", f.error(), now);
    changes.add(
        new StatusChange(
            task.id(), task.rootId(), task.nodeId(), TaskStatus.FAILED, f.taskError()));
    if (continuesOnFailure(task.id())) {
      releaseDependents(task.id(), false); // its dependents run as if it had succeeded
      count(endedPerRun, task.rootId(), 1, 0);
      tolerated(endedPerRun, task.rootId());
      return;
    }
    int cascaded =
        cascade(task.id(), task.rootId(), task.nodeId(), TaskStatus.UPSTREAM_FAILED, now, changes);
    count(endedPerRun, task.rootId(), 1 + cascaded, 1 + cascaded);
  }

  /**
   * One fewer dependency to wait for; those now waiting for none become ready. After a success
   * every dependent is released; after any other end ({@code notSucceeded}), only those that wait
   * for it optionally or always run.
   */
  private void releaseDependents(long taskId, boolean notSucceeded) throws SQLException {
    // SET expressions see the row as it was: waiting = 1 means this was the last dependency.
    PreparedStatement release =
        sql(
            "UPDATE tasks SET waiting = waiting - 1,"
                + " status = CASE WHEN waiting = 1 AND status = 'pending' THEN 'ready' ELSE status END"
                + " WHERE id IN (SELECT d.task_id FROM task_deps d CROSS JOIN tasks t"
                + " WHERE d.depends_on = ? AND t.id = d.task_id"
                + (notSucceeded ? " AND (d.required = 0 OR t.always = 1)" : "")
                + ")");
    release.setLong(1, taskId);
    release.executeUpdate();
  }

  /**
   * Ends every pending task that requires task {@code id}, directly or through others, with {@code
   * status} (upstream-failed after a failure, cancelled after a cancellation), and lets the tasks
   * that only optionally wait for them go on. Returns how many it ended.
   */
  private int cascade(
      long id,
      long rootId,
      String nodeId,
      TaskStatus status,
      Instant now,
      List<StatusChange> changes)
      throws SQLException {
    PreparedStatement dependents =
        sql(
            "SELECT t.id, t.node_id FROM task_deps d CROSS JOIN tasks t"
                + " WHERE t.id = d.task_id AND d.depends_on = ? AND d.required = 1 AND t.always = 0"
                + " AND t.status = 'pending'");
    PreparedStatement mark =
        sql("UPDATE tasks SET status = ?, error = ?, finished_at = ? WHERE id = ?");
    Deque<Long> queue = new ArrayDeque<>(List.of(id));
    Map<Long, String> names = new HashMap<>(Map.of(id, nodeId));
    Map<Long, String> endings =
        new HashMap<>(Map.of(id, status == TaskStatus.UPSTREAM_FAILED ? "failed" : ending(status)));
    int count = 0;
    while (!queue.isEmpty()) {
      long upstream = queue.poll();
      releaseDependents(upstream, true);
      dependents.setLong(1, upstream);
      List<Long> found = new ArrayList<>();
      try (ResultSet r = dependents.executeQuery()) {
        while (r.next()) {
          found.add(r.getLong(1));
          names.put(r.getLong(1), r.getString(2));
        }
      }
      for (long dependent : found) {
        String error = names.get(upstream) + " " + endings.get(upstream);
        mark.setString(1, dbStatus(status));
        mark.setString(2, error);
        mark.setLong(3, now.toEpochMilli());
        mark.setLong(4, dependent);
        mark.executeUpdate();
        changes.add(new StatusChange(dependent, rootId, names.get(dependent), status, error));
        endings.put(dependent, ending(status));
        queue.add(dependent);
        count++;
      }
    }
    return count;
  }

  /** How a dependent's error tells the end of what it waited for: "lint was skipped". */
  private static String ending(TaskStatus status) {
    return status == TaskStatus.SKIPPED ? "was skipped" : status.display();
  }

  /**
   * Takes back the attempt a claim counted for a task whose code did not run (skipped, or given a
   * kept result): only attempts that ran count.
   */
  private void notAnAttempt(ClaimedTask task) throws SQLException {
    PreparedStatement back = sql("UPDATE tasks SET attempt = attempt - 1 WHERE id = ?");
    back.setLong(1, task.id());
    back.executeUpdate();
    PreparedStatement forget = sql("DELETE FROM attempts WHERE task_id = ? AND attempt = ?");
    forget.setLong(1, task.id());
    forget.setInt(2, task.attempt());
    forget.executeUpdate();
  }

  private void tasksEnded(
      long rootId, int ended, int failures, int tolerated, Instant now, List<StatusChange> changes)
      throws SQLException {
    PreparedStatement update =
        sql(
            "UPDATE tasks SET remaining = remaining - ?, failures = failures + ?,"
                + " tolerated = tolerated + ? WHERE id = ?"
                + " RETURNING remaining, failures, node_id, cancel_requested, tolerated, error");
    update.setInt(1, ended);
    update.setInt(2, failures);
    update.setInt(3, tolerated);
    update.setLong(4, rootId);
    try (ResultSet r = update.executeQuery()) {
      if (!r.next() || r.getInt(1) > 0) {
        return;
      }
      TaskStatus status =
          r.getInt(4) == 1
              ? TaskStatus.CANCELLED
              : r.getInt(2) > 0
                  ? TaskStatus.FAILED
                  : r.getInt(5) > 0 ? TaskStatus.SUCCEEDED_WITH_FAILURES : TaskStatus.SUCCEEDED;
      String name = r.getString(3);
      PreparedStatement end = sql("UPDATE tasks SET status = ?, finished_at = ? WHERE id = ?");
      end.setString(1, dbStatus(status));
      end.setLong(2, now.toEpochMilli());
      end.setLong(3, rootId);
      end.executeUpdate();
      changes.add(new StatusChange(rootId, rootId, name, status, r.getString(6)));
      runLimits.forget(rootId); // a worker runs for weeks: keep no state of ended runs
    }
  }

  @Override
  public void age(Instant now, Duration step) {
    transaction(
        "aging ready tasks",
        () -> {
          PreparedStatement age =
              sql(
                  "UPDATE tasks SET priority = base_priority + (? - created_at) / ?"
                      + " WHERE status = 'ready' AND priority < base_priority + (? - created_at) / ?");
          long stepMillis = Math.max(1, step.toMillis());
          age.setLong(1, now.toEpochMilli());
          age.setLong(2, stepMillis);
          age.setLong(3, now.toEpochMilli());
          age.setLong(4, stepMillis);
          age.executeUpdate();
          return null;
        });
  }

  @Override
  public void heartbeat(String worker, Instant now, Instant leaseUntil) {
    transaction(
        "heartbeat",
        () -> {
          PreparedStatement leases =
              sql("UPDATE tasks SET lease_until = ? WHERE lease_owner = ? AND status = 'running'");
          leases.setLong(1, leaseUntil.toEpochMilli());
          leases.setString(2, worker);
          leases.executeUpdate();
          PreparedStatement beat = sql("UPDATE workers SET heartbeat_at = ? WHERE id = ?");
          beat.setLong(1, now.toEpochMilli());
          beat.setString(2, worker);
          beat.executeUpdate();
          return null;
        });
  }

  @Override
  public void registerWorker(WorkerRecord worker) {
    transaction(
        "registering worker " + worker.id(),
        () -> {
          PreparedStatement insert =
              sql(
                  "INSERT INTO workers (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)");
          insert.setString(1, worker.id());
          insert.setString(2, worker.host());
          insert.setLong(3, worker.pid());
          insert.setLong(4, worker.heartbeatAt().toEpochMilli());
          insert.setLong(5, worker.heartbeatAt().toEpochMilli());
          insert.executeUpdate();
          return null;
        });
  }

  @Override
  public List<WorkerRecord> workers() {
    return read(
        "listing workers",
        () -> {
          List<WorkerRecord> workers = new ArrayList<>();
          try (ResultSet r =
              sql("SELECT id, host, pid, heartbeat_at FROM workers").executeQuery()) {
            while (r.next()) {
              workers.add(
                  new WorkerRecord(
                      r.getString(1), r.getString(2), r.getLong(3), instant(r, "heartbeat_at")));
            }
          }
          return workers;
        });
  }

  /** A running task found abandoned. */
  private record Row(long id, long rootId, String nodeId, int attempt) {}

  @Override
  public int recoverAbandoned(Instant now, Collection<String> deadWorkers) {
    return transaction(
        "recovering abandoned tasks",
        () -> {
          StringBuilder where = new StringBuilder("status = 'running' AND (lease_until < ?");
          for (int i = 0; i < deadWorkers.size(); i++) {
            where.append(" OR lease_owner = ?");
          }
          where.append(')');
          List<Row> abandoned = new ArrayList<>();
          try (PreparedStatement select =
              db.prepare("SELECT id, root_id, node_id, attempt FROM tasks WHERE " + where)) {
            select.setLong(1, now.toEpochMilli());
            int p = 2;
            for (String dead : deadWorkers) {
              select.setString(p++, dead);
            }
            try (ResultSet r = select.executeQuery()) {
              while (r.next()) {
                abandoned.add(new Row(r.getLong(1), r.getLong(2), r.getString(3), r.getInt(4)));
              }
            }
          }
          PreparedStatement ready =
              sql(
                  "UPDATE tasks SET status = 'ready', next_attempt_at = ?, lease_owner = NULL,"
                      + " lease_until = NULL WHERE id = ?");
          for (Row task : abandoned) {
            ready.setLong(1, now.toEpochMilli());
            ready.setLong(2, task.id());
            ready.executeUpdate();
            endAttempt(
                task.id(),
                task.attempt(),
                "abandoned",
                "its worker stopped before the attempt ended",
                now);
          }
          PreparedStatement forget = sql("DELETE FROM workers WHERE id = ?");
          for (String dead : deadWorkers) {
            forget.setString(1, dead);
            forget.executeUpdate();
          }
          return abandoned.size();
        });
  }

  @Override
  public Optional<Instant> nextDue(Long rootId) {
    return read(
        "finding the next due task",
        () -> {
          PreparedStatement select =
              sql(
                  rootId == null
                      ? "SELECT min(next_attempt_at) FROM tasks WHERE status = 'ready'"
                      : "SELECT min(next_attempt_at) FROM tasks WHERE root_id = ? AND status = 'ready'");
          if (rootId != null) {
            select.setLong(1, rootId);
          }
          try (ResultSet r = select.executeQuery()) {
            if (!r.next()) {
              return Optional.empty();
            }
            long value = r.getLong(1);
            return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
          }
        });
  }

  @Override
  public int active() {
    return read(
        "counting active tasks",
        () -> {
          try (ResultSet r =
              sql("SELECT count(*) FROM tasks WHERE status IN ('ready', 'running') AND parent_id IS NOT NULL")
                  .executeQuery()) {
            return r.next() ? r.getInt(1) : 0;
          }
        });
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
    String where = SqliteTaskQueries.taskFilter(rootId, status, user, values);
    values.add(limit);
    values.add(offset);
    return queries.records(
        "listing tasks", where + " ORDER BY id DESC LIMIT ? OFFSET ?", values.toArray());
  }

  @Override
  public int countTasks(Long rootId, TaskStatus status, String user) {
    List<Object> values = new ArrayList<>();
    return queries.count(
        "counting tasks",
        SqliteTaskQueries.taskFilter(rootId, status, user, values),
        values.toArray());
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
    return transaction(
        "firing schedule " + name,
        () -> {
          if (!schedules.advance(name, due, next)) {
            return Optional.<Long>empty();
          }
          long run = insertRun(plan, now, now);
          schedules.link(name, run);
          return Optional.of(run);
        });
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
    this.logs.report(lines, progress);
  }

  @Override
  public List<LogLine> logs(long taskId) {
    return this.logs.of(taskId);
  }

  @Override
  public List<AttemptRecord> attempts(long taskId) {
    return read(
        "reading the attempts of task " + taskId,
        () -> {
          PreparedStatement select =
              sql(
                  "SELECT attempt, worker, started_at, finished_at, outcome, error FROM attempts"
                      + " WHERE task_id = ? ORDER BY attempt");
          select.setLong(1, taskId);
          List<AttemptRecord> attempts = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              attempts.add(
                  new AttemptRecord(
                      r.getInt("attempt"),
                      r.getString("worker"),
                      instant(r, "started_at"),
                      instant(r, "finished_at"),
                      r.getString("outcome"),
                      r.getString("error")));
            }
          }
          return attempts;
        });
  }

  @Override
  public String pipelineJson(long rootId) {
    return read("reading the pipeline of run " + rootId, () -> pipelineJsonOf(rootId));
  }

  private String pipelineJsonOf(long rootId) throws SQLException {
    PreparedStatement select = sql("SELECT pipeline FROM run_pipelines WHERE run_id = ?");
    select.setLong(1, rootId);
    try (ResultSet r = select.executeQuery()) {
      if (!r.next() || r.getString(1) == null) {
        throw new SQLException("no run " + rootId);
      }
      return r.getString(1);
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
