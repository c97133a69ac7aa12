package dev.weft.tasks.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.RunLimits;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stores a new run in one statement ({@link RunStatement}), SQLite a statement or a
 * batch at a time: a run of every kind of task must come out as the same rows either way (ids
 * compared by their place in the run).
 */
@PostgresTest
class RunStatementTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aRunStoredInOneStatementHasTheRowsOfOneStoredAStatementAtATime() throws Exception {
    for (Instant notBefore : List.of(NOW, NOW.plusSeconds(90))) {
      try (StoreFixture postgres = StoreFixture.postgres()) {
        List<List<String>> apart =
            rows(StoreFixture.sqlite(dir.resolve(notBefore + ".db")), notBefore);
        List<List<String>> atOnce = rows(postgres, notBefore);

        assertThat(atOnce).as("stored to start at %s", notBefore).isEqualTo(apart);
        assertThat(atOnce).hasSize(5 + 1 + 3 + 3); // tasks, the pipeline, dependencies, limits
      }
    }
  }

  /** A run with every setting a task can have, sub-tasks, and dependencies of both kinds. */
  private static RunPlan plan() {
    RunPlan.Task gpu =
        new RunPlan.Task(
            "train",
            "shell",
            5,
            "ann",
            new int[] {},
            new boolean[] {},
            -1,
            true,
            false,
            "model-x",
            "gpu",
            new RunPlan.Rate("ann:shell", 2.5, 3),
            new RunPlan.Routing("cuda", "warm,big", 1500));
    RunPlan.Task check =
        new RunPlan.Task(
            "check",
            "echo",
            0,
            "ann",
            new int[] {0},
            new boolean[] {true},
            -1,
            false,
            true,
            null,
            null,
            null,
            null);
    RunPlan.Task inner =
        new RunPlan.Task(
            "check/inner",
            "echo",
            0,
            null,
            new int[] {},
            new boolean[] {},
            1,
            false,
            false,
            null,
            null,
            null,
            null);
    RunPlan.Task report =
        new RunPlan.Task(
            "report",
            "echo",
            -2,
            null,
            new int[] {0, 1},
            new boolean[] {false, true},
            -1,
            false,
            false,
            null,
            null,
            null,
            null);
    return new RunPlan(
            "everything",
            "{\"name\":\"everything\"}",
            List.of(gpu, check, inner, report),
            new RunLimits(2, Map.of("shell", 1), Map.of("gpu", 1)),
            Duration.ofMinutes(5))
        .withTrace(
            new TraceContext(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "a=1",
                "b7ad6b7169203331"));
  }

  /**
   * The rows the store keeps of the run: its tasks in id order, then its pipeline, its tasks'
   * dependencies and its limits; ids written as their place in the run.
   */
  private static List<List<String>> rows(StoreFixture fixture, Instant notBefore) throws Exception {
    try (TaskStore store = fixture.open()) {
      long run = store.createRun(plan(), NOW, notBefore);
      JdbcDb db = ((JdbcTaskStore) store).db();
      return db.read(
          "reading the run back",
          () -> {
            Map<String, String> place = new HashMap<>();
            List<List<String>> rows = new ArrayList<>();
            List<List<String>> tasks =
                select(
                    db,
                    "SELECT id, root_id, parent_id, node_id, type, status, priority, base_priority,"
                        + " user_name, attempt, waiting, remaining, failures, tolerated,"
                        + " next_attempt_at, lease_owner, lease_until, lease_epoch,"
                        + " cancel_requested, created_at, started_at, finished_at, always,"
                        + " continue_on_failure, exclusive_key, limit_key, rate_bucket,"
                        + " rate_per_second, rate_burst, round_start, round_started_at,"
                        + " require_labels, prefer_labels, prefer_wait_ms, ready_at,"
                        + " run_timeout_ms FROM tasks WHERE root_id = ? ORDER BY id",
                    run);
            for (List<String> task : tasks) {
              place.put(task.get(0), "#" + place.size());
            }
            for (List<String> task : tasks) {
              rows.add(placed(task, place, 3));
            }
            rows.addAll(
                select(
                    db,
                    "SELECT pipeline, traceparent, tracestate, trace_parent_span FROM"
                        + " run_pipelines WHERE run_id = ?",
                    run));
            for (List<String> dep :
                select(
                    db,
                    "SELECT task_id, depends_on, required FROM task_deps WHERE task_id IN"
                        + " (SELECT id FROM tasks WHERE root_id = ?) ORDER BY task_id, depends_on",
                    run)) {
              rows.add(placed(dep, place, 2));
            }
            rows.addAll(
                select(
                    db,
                    "SELECT type, capacity FROM run_limits WHERE run_id = ? ORDER BY type",
                    run));
            return rows;
          });
    }
  }

  /** The row with its first {@code ids} columns (ids) written as places. */
  private static List<String> placed(List<String> row, Map<String, String> place, int ids) {
    List<String> out = new ArrayList<>(row);
    for (int i = 0; i < ids; i++) {
      out.set(i, out.get(i) == null ? null : place.get(out.get(i)));
    }
    return out;
  }

  private static List<List<String>> select(JdbcDb db, String sql, long run)
      throws java.sql.SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement s = db.prepare(sql)) {
      s.setLong(1, run);
      try (ResultSet r = s.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int c = 1; c <= columns; c++) {
            Object value = r.getObject(c);
            row.add(
                value == null ? null : value instanceof Number n ? number(n) : value.toString());
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** A number as both databases' drivers give it: 2.5 and 2.5, 3 and 3 (not 3.0). */
  private static String number(Number n) {
    double d = n.doubleValue();
    return d == Math.rint(d) ? Long.toString(n.longValue()) : Double.toString(d);
  }
}
