package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import dev.weft.core.RoutingSpec;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.RunningTask;
import dev.weft.tasks.store.WorkerRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Workers and their leases: registration, heartbeats, stop requests, and taking over tasks. */
final class WorkerRepository {

  private final JdbcDb db;
  private final Transitions transitions;

  WorkerRepository(JdbcDb db, Transitions transitions) {
    this.db = db;
    this.transitions = transitions;
  }

  /**
   * Extends the leases of every task {@code worker} runs, and its heartbeat with how many it runs.
   * Returns whether it was asked to drain; a worker whose row is gone (taken for dead while it was
   * stuck) registers again, its tasks already taken over.
   */
  boolean heartbeat(WorkerRecord worker, Instant now, Instant leaseUntil, Collection<Long> held)
      throws SQLException {
    if (!held.isEmpty()) {
      PreparedStatement leases =
          db.sql(
              "UPDATE tasks SET lease_until = ? WHERE lease_owner = ? AND status = 'running' AND "
                  + db.dialect().inIds("id"));
      leases.setLong(1, leaseUntil.toEpochMilli());
      leases.setString(2, worker.id());
      db.dialect().setIds(leases, 3, held.stream().mapToLong(Long::longValue).toArray());
      leases.executeUpdate();
    }
    int running = held.size();
    PreparedStatement beat =
        db.sql(
            "UPDATE workers SET heartbeat_at = ?, running = ?, cpu = ?, heap_bytes = ?"
                + " WHERE id = ? RETURNING status");
    beat.setLong(1, now.toEpochMilli());
    beat.setInt(2, running);
    beat.setDouble(3, worker.load().cpu());
    beat.setLong(4, worker.load().heapBytes());
    beat.setString(5, worker.id());
    try (ResultSet r = beat.executeQuery()) {
      if (r.next()) {
        return "draining".equals(r.getString(1));
      }
    }
    register(worker);
    return false;
  }

  /** Registers a worker process. */
  void register(WorkerRecord worker) throws SQLException {
    PreparedStatement insert =
        db.sql(
            "INSERT INTO workers (id, host, pid, started_at, heartbeat_at, status, concurrency,"
                + " running, lease_ms, version, labels, types, cpu, heap_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setString(1, worker.id());
    insert.setString(2, worker.host());
    insert.setLong(3, worker.pid());
    insert.setLong(4, worker.startedAt().toEpochMilli());
    insert.setLong(5, worker.heartbeatAt().toEpochMilli());
    insert.setString(6, worker.draining() ? "draining" : "active");
    insert.setInt(7, worker.concurrency());
    insert.setInt(8, worker.running());
    insert.setLong(9, worker.lease().toMillis());
    insert.setString(10, worker.version());
    insert.setString(11, RoutingSpec.canonical(worker.labels()));
    insert.setString(12, worker.types().isEmpty() ? null : String.join(",", worker.types()));
    insert.setDouble(13, worker.load().cpu());
    insert.setLong(14, worker.load().heapBytes());
    insert.executeUpdate();
  }

  /** Asks a worker to drain; whether there is one of that id. */
  boolean drain(String id) throws SQLException {
    PreparedStatement drain = db.sql("UPDATE workers SET status = 'draining' WHERE id = ?");
    drain.setString(1, id);
    return drain.executeUpdate() == 1;
  }

  /** Forgets a worker that has stopped. */
  void deregister(String id) throws SQLException {
    PreparedStatement delete = db.sql("DELETE FROM workers WHERE id = ?");
    delete.setString(1, id);
    delete.executeUpdate();
  }

  private static List<String> list(String joined) {
    return joined == null ? List.of() : List.of(joined.split(","));
  }

  /** The tasks running now, by worker, then task. */
  List<RunningTask> running() throws SQLException {
    List<RunningTask> running = new ArrayList<>();
    try (ResultSet r =
        db.sql(
                "SELECT lease_owner, id, root_id, node_id FROM tasks"
                    + " WHERE status = 'running' AND parent_id IS NOT NULL ORDER BY lease_owner, id")
            .executeQuery()) {
      while (r.next()) {
        running.add(new RunningTask(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4)));
      }
    }
    return running;
  }

  /** The registered workers, oldest first. */
  List<WorkerRecord> all() throws SQLException {
    List<WorkerRecord> workers = new ArrayList<>();
    try (ResultSet r =
        db.sql(
                "SELECT id, host, pid, started_at, heartbeat_at, status, concurrency, running,"
                    + " lease_ms, version, labels, types, cpu, heap_bytes FROM workers"
                    + " ORDER BY started_at, id")
            .executeQuery()) {
      while (r.next()) {
        workers.add(
            new WorkerRecord(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                instant(r, 4),
                instant(r, 5),
                "draining".equals(r.getString(6)),
                r.getInt(7),
                r.getInt(8),
                Duration.ofMillis(r.getLong(9)),
                r.getString(10),
                list(r.getString(11)),
                list(r.getString(12)),
                new WorkerRecord.Load(r.getDouble(13), r.getLong(14))));
      }
    }
    return workers;
  }

  /**
   * Puts tasks a draining worker did not finish back to ready as if never started: their attempt is
   * not counted (fenced by the claim's lease epoch, so a task taken over meanwhile is left to its
   * new owner). Returns how many.
   */
  int release(Collection<ClaimedTask> claims) throws SQLException {
    PreparedStatement back =
        db.sql(
            "UPDATE tasks SET status = 'ready', attempt = attempt - 1, lease_owner = NULL,"
                + " lease_until = NULL WHERE id = ? AND lease_epoch = ? AND status = 'running'");
    PreparedStatement forget = db.sql("DELETE FROM attempts WHERE task_id = ? AND attempt = ?");
    int released = 0;
    for (ClaimedTask claim : claims) {
      back.setLong(1, claim.id());
      back.setLong(2, claim.epoch());
      if (back.executeUpdate() == 1) {
        forget.setLong(1, claim.id());
        forget.setInt(2, claim.attempt());
        forget.executeUpdate();
        released++;
      }
    }
    if (released > 0) {
      db.dialect().notifyNewWork(db::sql);
    }
    return released;
  }

  /** Running tasks held by {@code worker} that have been asked to stop. */
  List<Long> cancelRequested(String worker) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT id FROM tasks WHERE lease_owner = ? AND status = 'running' AND cancel_requested = 1");
    select.setString(1, worker);
    List<Long> ids = new ArrayList<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  /**
   * Puts back to ready the running tasks whose lease expired or whose worker is dead, recording
   * their attempt abandoned; forgets the dead workers. Returns how many. One statement picks and
   * moves the tasks, so a task whose owner records its end meanwhile is either ended by the owner
   * (and left alone here) or taken back here (and the owner's late word is fenced off).
   */
  int recoverAbandoned(Instant now, Collection<String> deadWorkers) throws SQLException {
    if (!db.dialect().reaperTurn(db::sql)) {
      return 0; // another worker is at it: its pass covers these tasks too
    }
    StringBuilder where = new StringBuilder("status = 'running' AND (lease_until < ?");
    for (int i = 0; i < deadWorkers.size(); i++) {
      where.append(" OR lease_owner = ?");
    }
    where.append(')');
    List<long[]> abandoned = new ArrayList<>(); // {id, attempt}
    try (PreparedStatement ready =
        db.prepare(
            "UPDATE tasks SET status = 'ready', next_attempt_at = ?, lease_owner = NULL,"
                + " lease_until = NULL WHERE "
                + where
                + " RETURNING id, attempt")) {
      ready.setLong(1, now.toEpochMilli());
      ready.setLong(2, now.toEpochMilli());
      int p = 3;
      for (String dead : deadWorkers) {
        ready.setString(p++, dead);
      }
      try (ResultSet r = ready.executeQuery()) {
        while (r.next()) {
          abandoned.add(new long[] {r.getLong(1), r.getInt(2)});
        }
      }
    }
    if (!abandoned.isEmpty()) {
      db.dialect().notifyNewWork(db::sql);
    }
    for (long[] task : abandoned) {
      transitions.endAttempt(
          task[0], (int) task[1], "abandoned", "its worker stopped before the attempt ended", now);
    }
    PreparedStatement forget = db.sql("DELETE FROM workers WHERE id = ?");
    for (String dead : deadWorkers) {
      forget.setString(1, dead);
      forget.executeUpdate();
    }
    return abandoned.size();
  }
}
