package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;
import static dev.weft.tasks.store.jdbc.TaskQueries.status;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.RunPlan;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims ready tasks for a worker, inside the caller's transaction: picks them in claim order,
 * within the limits, exclusive keys, limiters and rate limits, and starts an attempt of each.
 *
 * <p>Locking: the ready-task query hands each claim rows no other claim gets (SQLite: the write
 * lock the transaction holds; PostgreSQL: {@code FOR UPDATE SKIP LOCKED}). A claim that must count
 * running tasks against a limit first makes claims take turns ({@link Dialect#serializeClaims}),
 * then counts: what it counts was committed by the claims before it, so two claims never both take
 * the last free place. A claim with no limit to check counts nothing and does not wait for others.
 */
final class Claimer {

  private final JdbcDb db;
  private final RunLimitsRepository runLimits;
  private Instant nextToken; // when a rate-limited task passed over by a claim gets its token
  // The labels of the workers registered through this store; others claim as serving none.
  private final Map<String, LabelMatch> labels = new ConcurrentHashMap<>();

  Claimer(JdbcDb db, RunLimitsRepository runLimits) {
    this.db = db;
    this.runLimits = runLimits;
  }

  /** Claims of {@code worker} match tasks against these labels. */
  void serves(String worker, List<String> served) {
    labels.put(worker, LabelMatch.of(served));
  }

  /** Claims up to {@code max} ready tasks; see {@code TaskStore.claim}. */
  List<ClaimedTask> claim(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil, Limits limits)
      throws SQLException {
    LabelMatch match = labels.computeIfAbsent(worker, w -> LabelMatch.of(List.of()));
    if (!limits.any() && db.dialect().writesInWith()) {
      List<ClaimedTask> claimed = pickAndStart(match, rootId, max, now, worker, leaseUntil);
      if (claimed != null) {
        return claimed;
      }
    }
    List<Candidate> chosen = claimable(limits, match, rootId, max, now);
    if (chosen.isEmpty()) {
      return List.of();
    }
    long[] ids = new long[chosen.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = chosen.get(i).id();
    }
    return claimed(chosen, start(ids, worker, now, leaseUntil), now);
  }

  /** The claimed tasks of {@code chosen}, their attempts started, with what each sees upstream. */
  private static List<ClaimedTask> claimed(
      List<Candidate> chosen, Map<Long, Upstream> upstream, Instant now) {
    List<ClaimedTask> claimed = new ArrayList<>(chosen.size());
    for (Candidate c : chosen) {
      Upstream up = upstream.getOrDefault(c.id(), Upstream.NONE);
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
    return claimed;
  }

  /**
   * The common claim where the database takes writes in a {@code WITH}, in one statement: picks up
   * to {@code max} ready tasks in claim order and, unless one of them is keyed (exclusive, limiter,
   * rate limit) or its run has limits of its own, starts them all and reads what they see upstream.
   * Returns {@code null} when one is: nothing was started, and the claim counts against the limits
   * as usual (the tasks picked stay locked by this transaction, so it finds them again). An idle
   * worker's claim waits mostly for round trips, and this saves the ready-task query's and the run
   * limits' (each new run's would be read otherwise).
   */
  private List<ClaimedTask> pickAndStart(
      LabelMatch match, Long rootId, int max, Instant now, String worker, Instant leaseUntil)
      throws SQLException {
    PreparedStatement all =
        db.sql(pickAndStartStatement(db.dialect(), rootId != null, match.condition()));
    int p = 1;
    if (rootId != null) {
      all.setLong(p++, rootId);
    }
    all.setLong(p++, now.toEpochMilli());
    p = match.bind(all, p, now);
    all.setInt(p++, max);
    all.setInt(p++, 0);
    p = bindUpdate(all, p, worker, now, leaseUntil);
    all.setString(p++, worker);
    all.setLong(p, now.toEpochMilli());
    Map<Long, Candidate> chosen = new LinkedHashMap<>();
    Map<Long, Upstream> upstream = new HashMap<>();
    boolean passed = false; // over a task, so none was started
    try (ResultSet r = all.executeQuery()) {
      while (r.next()) {
        Candidate c = chosen.get(r.getLong(1));
        if (c == null) {
          c = candidate(r);
          chosen.put(c.id(), c);
          passed |= !r.getBoolean(16);
        }
        upstream(r, c.id(), 17, upstream);
      }
    }
    return passed ? null : claimed(List.copyOf(chosen.values()), upstream, now);
  }

  /**
   * The statement of {@link #pickAndStart}. Its parameters: those of {@link Dialect#readyTasks},
   * those of {@link #START} ({@link #bindUpdate}), then the worker and the time of the attempts.
   */
  static String pickAndStartStatement(Dialect dialect, boolean inRun, String routing) {
    return "WITH picked AS MATERIALIZED ("
        + dialect.readyTasks(CANDIDATE_COLUMNS + ", priority", inRun, routing)
        + "), free AS (SELECT id FROM picked WHERE NOT EXISTS (SELECT 1 FROM picked"
        + " WHERE exclusive_key IS NOT NULL OR limit_key IS NOT NULL OR rate_bucket IS NOT NULL)"
        + " AND NOT EXISTS (SELECT 1 FROM run_limits WHERE run_id IN (SELECT root_id FROM picked))),"
        + " claimed AS ("
        + START
        + "id IN (SELECT id FROM free) RETURNING id, attempt), started AS ("
        + ATTEMPTS
        + "claimed) SELECT p.*, s.id IS NOT NULL, u.node_id, u.result, u.status FROM picked p"
        + " LEFT JOIN claimed s ON s.id = p.id"
        + " LEFT JOIN task_deps d ON d.task_id = p.id LEFT JOIN tasks u ON u.id = d.depends_on"
        + " ORDER BY p.priority DESC, p.id, d.depends_on";
  }

  /**
   * When a ready task the last claims passed over for want of a rate-limit token gets one, if any
   * was passed over since this was last asked.
   */
  synchronized Optional<Instant> nextRateToken() {
    Optional<Instant> next = Optional.ofNullable(nextToken);
    nextToken = null;
    return next;
  }

  private synchronized void tokenAt(Instant next) {
    if (nextToken == null || next.isBefore(nextToken)) {
      nextToken = next;
    }
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
  private record Upstream(Map<String, String> inputs, Map<String, TaskStatus> statuses) {
    static final Upstream NONE = new Upstream(Map.of(), Map.of());
  }

  /**
   * Starts an attempt of each of {@code ids} (one lease for all) and reads what each sees of its
   * dependencies: an update, an insert and a query, each one statement for all the tasks, and all
   * three one statement where the database takes writes in a {@code WITH} (a round trip each is
   * what a claim on an idle server mostly waits for).
   */
  private Map<Long, Upstream> start(long[] ids, String worker, Instant now, Instant leaseUntil)
      throws SQLException {
    String update = START + db.dialect().inIds("id");
    String attempts = ATTEMPTS;
    if (db.dialect().writesInWith()) {
      // The query sees the tables as they were before the writes: it reads the dependencies,
      // which the writes leave alone; the insert takes the new attempt numbers from the update.
      PreparedStatement all =
          db.sql(
              "WITH claimed AS ("
                  + update
                  + " RETURNING id, attempt), started AS ("
                  + attempts
                  + "claimed) "
                  + UPSTREAM.formatted(db.dialect().idRows()));
      int p = bindUpdate(all, 1, worker, now, leaseUntil);
      db.dialect().setIds(all, p++, ids);
      all.setString(p++, worker);
      all.setLong(p++, now.toEpochMilli());
      db.dialect().setIds(all, p, ids);
      return upstream(all);
    }
    PreparedStatement claim = db.sql(update);
    db.dialect().setIds(claim, bindUpdate(claim, 1, worker, now, leaseUntil), ids);
    claim.executeUpdate();
    PreparedStatement attempt = db.sql(attempts + "tasks WHERE " + db.dialect().inIds("id"));
    attempt.setString(1, worker);
    attempt.setLong(2, now.toEpochMilli());
    db.dialect().setIds(attempt, 3, ids);
    attempt.executeUpdate();
    PreparedStatement select = db.sql(UPSTREAM.formatted(db.dialect().idRows()));
    db.dialect().setIds(select, 1, ids);
    return upstream(select);
  }

  /** Starting the attempts of claimed tasks: the update, up to the condition on their ids. */
  private static final String START =
      "UPDATE tasks SET status = 'running', attempt = attempt + 1, lease_owner = ?,"
          + " lease_until = ?, lease_epoch = lease_epoch + 1,"
          + " started_at = coalesce(started_at, ?), round_started_at = coalesce(round_started_at, ?)"
          + " WHERE ";

  /** Recording the attempts started, up to the table of started tasks to take them from. */
  private static final String ATTEMPTS =
      "INSERT INTO attempts (task_id, attempt, worker, started_at) SELECT id, attempt, ?, ? FROM ";

  /** Binds {@link #START}'s parameters from index {@code p}; returns the index of the next one. */
  private static int bindUpdate(
      PreparedStatement update, int p, String worker, Instant now, Instant leaseUntil)
      throws SQLException {
    update.setString(p++, worker);
    update.setLong(p++, leaseUntil.toEpochMilli());
    update.setLong(p++, now.toEpochMilli());
    update.setLong(p++, now.toEpochMilli());
    return p;
  }

  /**
   * What claimed tasks see of their dependencies, from the table of their ids ({@code %s}). CROSS
   * JOIN fixes SQLite's loop order (its planner could otherwise walk every succeeded task): the few
   * dependencies of the tasks, then each one's row.
   */
  private static final String UPSTREAM =
      "SELECT d.task_id, u.node_id, u.result, u.status FROM %s"
          + " CROSS JOIN task_deps d CROSS JOIN tasks u"
          + " WHERE d.task_id = c.id AND u.id = d.depends_on ORDER BY d.task_id, d.depends_on";

  /** Reads the answer of {@link #UPSTREAM}: each task's upstream results and statuses. */
  private static Map<Long, Upstream> upstream(PreparedStatement select) throws SQLException {
    Map<Long, Upstream> upstream = new HashMap<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        upstream(r, r.getLong(1), 2, upstream);
      }
    }
    return upstream;
  }

  /**
   * Adds to {@code upstream} the dependency of task {@code id} in the row's columns from {@code
   * column} on (node id, result, status), if the row has one.
   */
  private static void upstream(ResultSet r, long id, int column, Map<Long, Upstream> upstream)
      throws SQLException {
    String nodeId = r.getString(column);
    if (nodeId == null) {
      return; // a task with no dependencies
    }
    Upstream up =
        upstream.computeIfAbsent(
            id, key -> new Upstream(new LinkedHashMap<>(), new LinkedHashMap<>()));
    TaskStatus status = status(r.getString(column + 2));
    up.statuses().put(nodeId, status);
    if (status.succeeded()) {
      up.inputs().put(nodeId, r.getString(column + 1));
    }
  }

  /** Up to {@code max} ready tasks in claim order that fit the limits and their runs' caps. */
  private List<Candidate> claimable(
      Limits limits, LabelMatch match, Long rootId, int max, Instant now) throws SQLException {
    if (!limits.any()) {
      Page page = page(match, rootId, max, 0, now, null);
      boolean capped = page.chosen().stream().anyMatch(Candidate::keyed);
      for (long root : page.roots()) {
        capped |= runLimits.of(root).any();
      }
      if (!capped) {
        return page.chosen(); // the common case: one query, no counting of running tasks
      }
    }
    return claimableWithin(limits, match, rootId, max, now);
  }

  /**
   * Ready tasks in claim order, from position {@code offset}; with {@code check}, only those that
   * fit its limits (each admitted one counted).
   */
  private Page page(
      LabelMatch match, Long rootId, int max, int offset, Instant now, LimitCheck check)
      throws SQLException {
    PreparedStatement select =
        db.sql(db.dialect().readyTasks(CANDIDATE_COLUMNS, rootId != null, match.condition()));
    int p = 1;
    if (rootId != null) {
      select.setLong(p++, rootId);
    }
    select.setLong(p++, now.toEpochMilli());
    p = match.bind(select, p, now);
    select.setInt(p++, max);
    select.setInt(p, offset);
    List<Candidate> chosen = new ArrayList<>();
    Set<Long> roots = new HashSet<>();
    int rows = 0;
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        rows++;
        Candidate c = candidate(r);
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

  /** The candidate in the row's {@link #CANDIDATE_COLUMNS}. */
  private static Candidate candidate(ResultSet r) throws SQLException {
    return new Candidate(
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
  private List<Candidate> claimableWithin(
      Limits limits, LabelMatch match, Long rootId, int max, Instant now) throws SQLException {
    db.dialect().serializeClaims(db::sql);
    LimitCheck check = new LimitCheck(limits);
    try (ResultSet r =
        db.sql(
                "SELECT type, user_name, root_id, exclusive_key, limit_key FROM tasks"
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
      Page fitting = page(match, rootId, page, offset, now, check);
      ids.addAll(fitting.chosen());
      if (fitting.rows() < page) {
        break;
      }
    }
    saveBuckets(check);
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
      PreparedStatement select =
          db.sql("SELECT tokens, updated_at FROM rate_buckets WHERE name = ?");
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
    tokenAt(now.plusMillis(Math.max(1, wait)));
    return false;
  }

  private void saveBuckets(LimitCheck check) throws SQLException {
    PreparedStatement save =
        db.sql(
            "INSERT INTO rate_buckets (name, tokens, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET tokens = excluded.tokens,"
                + " updated_at = excluded.updated_at");
    for (Map.Entry<String, double[]> bucket : check.buckets().entrySet()) {
      save.setString(1, bucket.getKey());
      save.setDouble(2, bucket.getValue()[0]);
      save.setLong(3, (long) bucket.getValue()[1]);
      save.addBatch();
    }
    save.executeBatch();
  }
}
