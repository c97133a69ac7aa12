package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.TaskQueries.dbStatus;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.StatusChange;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The task state machine, inside the caller's transaction: how attempts end, what that releases or
 * ends downstream, and when a run ends.
 *
 * <p>With many workers, transactions run side by side, so every write that follows a read checks
 * again in its own {@code WHERE} what the read found (the lease epoch of a claim, a dependent still
 * pending): of two transactions acting on one row, the second finds it changed and does nothing,
 * and nothing is counted twice. Runs are ended in id order, so two transactions never wait for each
 * other's run rows.
 */
final class Transitions {

  private final JdbcDb db;
  private final CacheRepository cache;
  private final RunLimitsRepository runLimits;

  private final String succeededSql;
  private final String attemptsSucceededSql;

  Transitions(JdbcDb db, CacheRepository cache, RunLimitsRepository runLimits) {
    this.db = db;
    this.cache = cache;
    this.runLimits = runLimits;
    Dialect dialect = db.dialect();
    // FENCED_UPDATE to succeeded for many claims at once, returning the ids it moved.
    this.succeededSql =
        "UPDATE tasks SET status = 'succeeded', result = c.result, error = NULL,"
            + " next_attempt_at = 0, finished_at = ?, lease_owner = NULL, lease_until = NULL FROM "
            + dialect.rows(
                List.of(
                    Dialect.Column.number("id"),
                    Dialect.Column.number("epoch"),
                    Dialect.Column.text("result")))
            + " WHERE tasks.id = c.id AND tasks.lease_epoch = c.epoch AND tasks.status = 'running'"
            + " RETURNING tasks.id";
    // END_ATTEMPT as succeeded for many attempts at once.
    this.attemptsSucceededSql =
        "UPDATE attempts SET finished_at = ?, outcome = 'succeeded', error = NULL FROM "
            + dialect.rows(List.of(Dialect.Column.number("id"), Dialect.Column.number("attempt")))
            + " WHERE attempts.task_id = c.id AND attempts.attempt = c.attempt";
  }

  /** Tasks ended per run in one transaction: {ended, failed, tolerated}, by run id. */
  static final class Ended {
    private final Map<Long, int[]> perRun = new TreeMap<>();
    private final List<Long> readied = new ArrayList<>(); // tasks made ready

    void count(long run, int ended, int failed) {
      int[] counts = perRun.computeIfAbsent(run, k -> new int[3]);
      counts[0] += ended;
      counts[1] += failed;
    }

    void tolerated(long run) {
      perRun.computeIfAbsent(run, k -> new int[3])[2]++;
    }
  }

  /**
   * Records how attempts ended, counting what ended in {@code ended} for {@link #runsEnded}; see
   * {@code TaskStore.finish}.
   */
  List<StatusChange> finish(Collection<Outcome> outcomes, Instant now, Ended ended)
      throws SQLException {
    List<StatusChange> changes = new ArrayList<>();
    List<Outcome.Succeeded> successes = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      if (outcome instanceof Outcome.Succeeded s) {
        successes.add(s);
      }
    }
    succeeded(successes, now, changes, ended);
    for (Outcome outcome : outcomes) {
      // A task asked to stop ends cancelled, unless its attempt succeeded all the same.
      switch (outcome) {
        case Outcome.Succeeded s -> {} // recorded above, all at once
        case Outcome.Skipped k -> skipped(k, now, changes, ended);
        case Outcome.Cached c -> cached(c, now, changes, ended);
        case Outcome.Retry r when stopRequested(r.claim()) ->
            cancelled(r.claim(), r.error(), now, changes, ended);
        case Outcome.Failed f when stopRequested(f.claim()) ->
            cancelled(f.claim(), f.error(), now, changes, ended);
        case Outcome.Retry r -> retry(r, now);
        case Outcome.Failed f -> failed(f, now, changes, ended);
      }
    }
    return changes;
  }

  /**
   * Counts what ended in each run against it, ending the runs left with nothing to do. Every
   * transaction that ends a task of a run writes the run's row, so this comes last, just before the
   * commit: the row is locked for as short a time as can be.
   */
  void runsEnded(Ended ended, Instant now, List<StatusChange> changes) throws SQLException {
    for (Map.Entry<Long, int[]> run : ended.perRun.entrySet()) {
      int[] counts = run.getValue();
      tasksEnded(run.getKey(), counts[0], counts[1], counts[2], now, changes);
    }
  }

  /**
   * Moves a running task to {@code status} if the claim's lease epoch is still current. Returns
   * false when the lease was taken over: then the new owner's word counts, and this outcome none.
   */
  private boolean fencedUpdate(
      ClaimedTask claim, String status, String result, String error, Instant at, Instant now)
      throws SQLException {
    PreparedStatement update = db.sql(FENCED_UPDATE);
    setFenced(update, claim, status, result, error, at, now);
    return update.executeUpdate() == 1;
  }

  private static final String FENCED_UPDATE =
      "UPDATE tasks SET status = ?, result = ?, error = ?, next_attempt_at = ?, finished_at = ?,"
          + " lease_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND lease_epoch = ? AND status = 'running'";

  /** Sets the parameters of {@link #FENCED_UPDATE}; {@code at} is when a retry is due. */
  private static void setFenced(
      PreparedStatement update,
      ClaimedTask claim,
      String status,
      String result,
      String error,
      Instant at,
      Instant now)
      throws SQLException {
    update.setString(1, status);
    update.setString(2, result);
    update.setString(3, error);
    update.setLong(4, at == null ? 0 : at.toEpochMilli());
    update.setObject(5, at == null ? now.toEpochMilli() : null);
    update.setLong(6, claim.id());
    update.setLong(7, claim.epoch());
  }

  /** Records how an attempt ended. */
  void endAttempt(long taskId, int attempt, String outcome, String error, Instant now)
      throws SQLException {
    PreparedStatement update = db.sql(END_ATTEMPT);
    setEndAttempt(update, taskId, attempt, outcome, error, now);
    update.executeUpdate();
  }

  private static final String END_ATTEMPT =
      "UPDATE attempts SET finished_at = ?, outcome = ?, error = ? WHERE task_id = ? AND attempt = ?";

  private static void setEndAttempt(
      PreparedStatement update, long taskId, int attempt, String outcome, String error, Instant now)
      throws SQLException {
    update.setLong(1, now.toEpochMilli());
    update.setString(2, outcome);
    update.setString(3, error);
    update.setLong(4, taskId);
    update.setInt(5, attempt);
  }

  private void skipped(Outcome.Skipped k, Instant now, List<StatusChange> changes, Ended ended)
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
    ended.count(task.rootId(), 1 + cascaded, 0);
  }

  private boolean continuesOnFailure(long taskId) throws SQLException {
    PreparedStatement select = db.sql("SELECT continue_on_failure FROM tasks WHERE id = ?");
    select.setLong(1, taskId);
    try (ResultSet r = select.executeQuery()) {
      return r.next() && r.getInt(1) == 1;
    }
  }

  /**
   * Records successes, one statement for all of them per step: the fenced updates, the attempts,
   * the release of dependents. (A batch would still be a statement per task, parsed and run one by
   * one, on a database over the network.)
   */
  private void succeeded(
      List<Outcome.Succeeded> successes, Instant now, List<StatusChange> changes, Ended ended)
      throws SQLException {
    if (successes.isEmpty()) {
      return;
    }
    successes.sort(Comparator.comparingLong(s -> s.claim().id())); // rows locked in one order
    int n = successes.size();
    long[] claimed = new long[n];
    long[] epochs = new long[n];
    String[] results = new String[n];
    for (int i = 0; i < n; i++) {
      claimed[i] = successes.get(i).claim().id();
      epochs[i] = successes.get(i).claim().epoch();
      results[i] = successes.get(i).resultJson();
    }
    PreparedStatement update = db.sql(succeededSql);
    update.setLong(1, now.toEpochMilli());
    db.dialect().setRows(update, 2, List.of(claimed, epochs, results));
    Set<Long> fenced = new HashSet<>();
    try (ResultSet r = update.executeQuery()) {
      while (r.next()) {
        fenced.add(r.getLong(1));
      }
    }
    // The others' leases were taken over: their new owners' word counts.
    List<Outcome.Succeeded> counted = new ArrayList<>(fenced.size());
    for (Outcome.Succeeded s : successes) {
      if (fenced.contains(s.claim().id())) {
        counted.add(s);
      }
    }
    if (counted.isEmpty()) {
      return;
    }
    long[] ids = new long[counted.size()];
    long[] attempts = new long[counted.size()];
    for (int i = 0; i < ids.length; i++) {
      ClaimedTask task = counted.get(i).claim();
      ids[i] = task.id();
      attempts[i] = task.attempt();
      changes.add(
          new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.SUCCEEDED, null));
      ended.count(task.rootId(), 1, 0);
    }
    PreparedStatement attempt = db.sql(attemptsSucceededSql);
    attempt.setLong(1, now.toEpochMilli());
    db.dialect().setRows(attempt, 2, List.of(ids, attempts));
    attempt.executeUpdate();
    releaseDependents(ids, now, ended);
    for (Outcome.Succeeded s : counted) {
      if (s.keep() != null) {
        cache.keep(s.keep(), s.claim(), s.resultJson(), now);
      }
    }
  }

  /**
   * One fewer dependency to wait for, for every dependent of {@code ids}, all succeeded: a task
   * that waited for two of them waits for two fewer. Those now waiting for none become ready.
   */
  private void releaseDependents(long[] ids, Instant now, Ended ended) throws SQLException {
    PreparedStatement release =
        db.sql(
            "UPDATE tasks SET waiting = waiting - r.n,"
                + " status = CASE WHEN waiting = r.n AND status = 'pending' THEN 'ready' ELSE status END,"
                + " ready_at = CASE WHEN waiting = r.n AND status = 'pending' THEN ? ELSE ready_at END"
                + " FROM (SELECT d.task_id, count(*) AS n FROM "
                + db.dialect().idRows()
                + " CROSS JOIN task_deps d WHERE d.depends_on = c.id GROUP BY d.task_id) r"
                + " WHERE tasks.id = r.task_id RETURNING tasks.id, tasks.status");
    release.setLong(1, now.toEpochMilli()); // ready since: what a prefer wait counts from
    db.dialect().setIds(release, 2, ids);
    try (ResultSet r = release.executeQuery()) {
      while (r.next()) {
        if ("ready".equals(r.getString(2))) {
          ended.readied.add(r.getLong(1));
        }
      }
    }
  }

  /**
   * Tells idle workers elsewhere that tasks are ready ({@link Dialect#notifyNewWork}) when this
   * transaction made some ready that it did not claim itself. Only then: a task that still waits
   * for others (a join of many) would wake every worker for nothing each time one of its inputs
   * ends, and so would the next task of a chain, which the worker that ended the one before takes
   * in the same transaction.
   */
  void announce(Ended ended, List<ClaimedTask> claimed) throws SQLException {
    Set<Long> left = new HashSet<>(ended.readied);
    for (ClaimedTask task : claimed) {
      left.remove(task.id());
    }
    if (!left.isEmpty()) {
      db.dialect().notifyNewWork(db::sql);
    }
  }

  private void cached(Outcome.Cached c, Instant now, List<StatusChange> changes, Ended ended)
      throws SQLException {
    ClaimedTask task = c.claim();
    if (!fencedUpdate(task, "cached", c.resultJson(), null, null, now)) {
      return;
    }
    PreparedStatement link = db.sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    link.setLong(1, c.originalId());
    link.setLong(2, task.id());
    link.executeUpdate();
    notAnAttempt(task);
    changes.add(new StatusChange(task.id(), task.rootId(), task.nodeId(), TaskStatus.CACHED, null));
    releaseDependents(task.id(), false, now);
    ended.count(task.rootId(), 1, 0);
  }

  private boolean stopRequested(ClaimedTask claim) throws SQLException {
    PreparedStatement select = db.sql("SELECT cancel_requested FROM tasks WHERE id = ?");
    select.setLong(1, claim.id());
    try (ResultSet r = select.executeQuery()) {
      return r.next() && r.getInt(1) == 1;
    }
  }

  private void cancelled(
      ClaimedTask task, String error, Instant now, List<StatusChange> changes, Ended ended)
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
    ended.count(task.rootId(), 1 + cascaded, 1 + cascaded);
  }

  /** Why run {@code rootId} is being ended (e.g. its run-timeout), or {@code null}. */
  private String runEndReason(long rootId) throws SQLException {
    PreparedStatement select = db.sql("SELECT error FROM tasks WHERE id = ?");
    select.setLong(1, rootId);
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private void retry(Outcome.Retry r, Instant now) throws SQLException {
    ClaimedTask task = r.claim();
    if (fencedUpdate(task, "ready", null, r.error(), r.at(), now)) {
      endAttempt(task.id(), task.attempt(), r.timedOut() ? "timed-out" : "failed", r.error(), now);
    }
  }

  private void failed(Outcome.Failed f, Instant now, List<StatusChange> changes, Ended ended)
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
      releaseDependents(task.id(), false, now); // its dependents run as if it had succeeded
      ended.count(task.rootId(), 1, 0);
      ended.tolerated(task.rootId());
      return;
    }
    int cascaded =
        cascade(task.id(), task.rootId(), task.nodeId(), TaskStatus.UPSTREAM_FAILED, now, changes);
    ended.count(task.rootId(), 1 + cascaded, 1 + cascaded);
  }

  /**
   * One fewer dependency to wait for; those now waiting for none become ready. After a success
   * every dependent is released; after any other end ({@code notSucceeded}), only those that wait
   * for it optionally or always run.
   */
  void releaseDependents(long taskId, boolean notSucceeded, Instant now) throws SQLException {
    // SET expressions see the row as it was: waiting = 1 means this was the last dependency. The
    // decrement is one statement, so two transactions releasing one task both count. CROSS JOIN
    // fixes SQLite's loop order: the few dependents of the task, then each one's row.
    PreparedStatement release =
        db.sql(
            "UPDATE tasks SET waiting = waiting - 1,"
                + " status = CASE WHEN waiting = 1 AND status = 'pending' THEN 'ready' ELSE status END,"
                + " ready_at = CASE WHEN waiting = 1 AND status = 'pending' THEN ? ELSE ready_at END"
                + " WHERE id IN (SELECT d.task_id FROM task_deps d JOIN tasks t ON t.id = d.task_id"
                + " WHERE d.depends_on = ?"
                + (notSucceeded ? " AND (d.required = 0 OR t.always = 1)" : "")
                + ")");
    release.setLong(1, now.toEpochMilli());
    release.setLong(2, taskId);
    release.executeUpdate();
  }

  /**
   * Ends every pending task that requires task {@code id}, directly or through others, with {@code
   * status} (upstream-failed after a failure, cancelled after a cancellation), and lets the tasks
   * that only optionally wait for them go on. Returns how many it ended.
   */
  int cascade(
      long id,
      long rootId,
      String nodeId,
      TaskStatus status,
      Instant now,
      List<StatusChange> changes)
      throws SQLException {
    PreparedStatement dependents =
        db.sql(
            "SELECT t.id, t.node_id FROM task_deps d CROSS JOIN tasks t"
                + " WHERE t.id = d.task_id AND d.depends_on = ? AND d.required = 1 AND t.always = 0"
                + " AND t.status = 'pending'");
    // Still pending: another transaction may have ended it since it was read.
    PreparedStatement mark =
        db.sql(
            "UPDATE tasks SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'pending'");
    Deque<Long> queue = new ArrayDeque<>(List.of(id));
    Map<Long, String> names = new HashMap<>(Map.of(id, nodeId));
    Map<Long, String> endings =
        new HashMap<>(Map.of(id, status == TaskStatus.UPSTREAM_FAILED ? "failed" : ending(status)));
    int count = 0;
    while (!queue.isEmpty()) {
      long upstream = queue.poll();
      releaseDependents(upstream, true, now);
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
        if (mark.executeUpdate() == 0) {
          continue;
        }
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
    PreparedStatement back = db.sql("UPDATE tasks SET attempt = attempt - 1 WHERE id = ?");
    back.setLong(1, task.id());
    back.executeUpdate();
    PreparedStatement forget = db.sql("DELETE FROM attempts WHERE task_id = ? AND attempt = ?");
    forget.setLong(1, task.id());
    forget.setInt(2, task.attempt());
    forget.executeUpdate();
  }

  /** Counts {@code ended} tasks of run {@code rootId} as done; the run ends when none is left. */
  void tasksEnded(
      long rootId, int ended, int failures, int tolerated, Instant now, List<StatusChange> changes)
      throws SQLException {
    PreparedStatement update =
        db.sql(
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
      PreparedStatement end = db.sql("UPDATE tasks SET status = ?, finished_at = ? WHERE id = ?");
      end.setString(1, dbStatus(status));
      end.setLong(2, now.toEpochMilli());
      end.setLong(3, rootId);
      end.executeUpdate();
      changes.add(new StatusChange(rootId, rootId, name, status, r.getString(6)));
      runLimits.forget(rootId); // a worker runs for weeks: keep no state of ended runs
    }
  }
}
