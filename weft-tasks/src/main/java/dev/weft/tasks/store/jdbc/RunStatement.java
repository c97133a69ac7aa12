package dev.weft.tasks.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TraceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Stores a new run in one statement on PostgreSQL (where the database takes writes in a {@code
 * WITH}): its ids, its pipeline, its tasks with their flags and routing, their dependencies and the
 * notice of new work. Submitting to an idle server waits mostly for round trips (about 0.2 ms each
 * here), and written apart these were five; a large run's tasks go as one parameter, not as a
 * statement each.
 *
 * <p>The tasks and the dependencies are each one JSON array of rows (arrays of values in the order
 * of {@link #TASK_COLUMNS}). Rows are numbered by position: 0 is the run, {@code i + 1} the plan's
 * task {@code i}. The new ids, ascending, are one array that each row takes its id (and its run's
 * and parent's) from by position, so the run has the smallest; joined as a table instead, they made
 * the planner loop over them once per row.
 */
final class RunStatement {

  /** The columns of a task row, in order, with their types. */
  private static final List<String> TASK_COLUMNS =
      List.of(
          "pos bigint",
          "parent bigint",
          "node_id text",
          "type text",
          "status text",
          "priority integer",
          "user_name text",
          "waiting integer",
          "remaining integer",
          "started_at bigint",
          "ready_at bigint",
          "next_attempt_at bigint",
          "run_timeout_ms bigint",
          "always integer",
          "continue_on_failure integer",
          "exclusive_key text",
          "limit_key text",
          "rate_bucket text",
          "rate_per_second double precision",
          "rate_burst integer",
          "require_labels text",
          "prefer_labels text",
          "prefer_wait_ms bigint");

  private static final String SQL =
      "WITH c AS MATERIALIZED (SELECT "
          + columns(TASK_COLUMNS)
          + " FROM json_array_elements(?::json) AS e),"
          + " ids AS MATERIALIZED (SELECT array_agg(id ORDER BY id) AS a FROM"
          + " (SELECT nextval('task_ids') AS id FROM c) n),"
          + " pipeline AS (INSERT INTO run_pipelines (run_id, pipeline, traceparent, tracestate,"
          + " trace_parent_span) SELECT a[1], ?, ?, ?, ? FROM ids),"
          + " added AS (INSERT INTO tasks (id, root_id, parent_id, node_id, type, status, priority,"
          + " base_priority, user_name, waiting, remaining, created_at, started_at, ready_at,"
          + " next_attempt_at, run_timeout_ms, always, continue_on_failure, exclusive_key,"
          + " limit_key, rate_bucket, rate_per_second, rate_burst, require_labels, prefer_labels,"
          + " prefer_wait_ms)"
          + " SELECT a[c.pos + 1], a[1], a[c.parent + 1], c.node_id, c.type, c.status, c.priority,"
          + " c.priority, c.user_name, c.waiting, c.remaining, ?, c.started_at, c.ready_at,"
          + " c.next_attempt_at, c.run_timeout_ms, c.always, c.continue_on_failure,"
          + " c.exclusive_key, c.limit_key, c.rate_bucket, c.rate_per_second, c.rate_burst,"
          + " c.require_labels, c.prefer_labels, c.prefer_wait_ms FROM c CROSS JOIN ids),"
          + " deps AS (INSERT INTO task_deps (task_id, depends_on, required)"
          + " SELECT a[(e ->> 0)::int + 1], a[(e ->> 1)::int + 1], (e ->> 2)::int"
          + " FROM json_array_elements(?::json) AS e CROSS JOIN ids),"
          + " notice AS (%s)"
          + " SELECT u.id FROM ids CROSS JOIN notice"
          + " CROSS JOIN unnest(ids.a) WITH ORDINALITY AS u(id, n) ORDER BY u.n";

  private static final JsonFactory JSON = new JsonFactory();

  private final JdbcDb db;

  RunStatement(JdbcDb db) {
    this.db = db;
  }

  /** The select list reading each column from its place in row {@code e}, typed. */
  private static String columns(List<String> columns) {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      String[] nameAndType = columns.get(i).split(" ", 2);
      select.append(i == 0 ? "" : ", ");
      select.append("CAST(e ->> ").append(i).append(" AS ").append(nameAndType[1]).append(")");
      select.append(" AS ").append(nameAndType[0]);
    }
    return select.toString();
  }

  /**
   * Stores the run in the caller's transaction and tells workers of it; returns the ids given, the
   * run's first, then its tasks' in plan order.
   */
  long[] insert(RunPlan plan, Instant now, Instant notBefore) throws SQLException {
    PreparedStatement insert = db.sql(SQL.formatted(db.dialect().newWorkNotice()));
    int p = 1;
    insert.setString(p++, taskRows(plan, now, notBefore));
    insert.setString(p++, plan.pipelineJson());
    TraceContext trace = plan.trace();
    insert.setString(p++, trace == null ? null : trace.traceparent());
    insert.setString(p++, trace == null ? null : trace.tracestate());
    insert.setString(p++, trace == null ? null : trace.parentSpanId());
    insert.setLong(p++, now.toEpochMilli());
    insert.setString(p, depRows(plan.tasks()));
    long[] ids = new long[plan.tasks().size() + 1];
    int i = 0;
    try (ResultSet r = insert.executeQuery()) {
      while (r.next()) {
        ids[i++] = r.getLong(1);
      }
    }
    return ids;
  }

  /** The rows of {@link #TASK_COLUMNS}: the run's, then its tasks'. */
  private static String taskRows(RunPlan plan, Instant now, Instant notBefore) {
    List<RunPlan.Task> tasks = plan.tasks();
    long at = now.toEpochMilli();
    // Ready tasks of a run that starts later wait for it; pending ones get their ready time when
    // they become ready.
    boolean later = notBefore.isAfter(now);
    StringWriter json = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(json)) {
      out.writeStartArray();
      // The run: started when created, every task of it remaining.
      out.writeStartArray();
      out.writeNumber(0);
      out.writeNumber(-1);
      out.writeString(plan.name());
      out.writeString("pipeline");
      out.writeString("running");
      out.writeNumber(0);
      out.writeNull();
      out.writeNumber(0);
      out.writeNumber(tasks.size());
      out.writeNumber(at);
      out.writeNumber(at);
      out.writeNumber(0);
      nullable(out, plan.runTimeout() == null ? null : plan.runTimeout().toMillis());
      out.writeNumber(0); // always, continue_on_failure: the tasks' flags
      out.writeNumber(0);
      for (int k = 0; k < 8; k++) {
        out.writeNull(); // keys, rate limits and routing: the tasks'
      }
      out.writeEndArray();
      for (int t = 0; t < tasks.size(); t++) {
        RunPlan.Task task = tasks.get(t);
        boolean ready = task.after().length == 0;
        out.writeStartArray();
        out.writeNumber(t + 1);
        out.writeNumber(task.parent() < 0 ? 0 : task.parent() + 1);
        out.writeString(task.nodeId());
        out.writeString(task.type());
        out.writeString(ready ? "ready" : "pending");
        out.writeNumber(task.priority());
        out.writeString(task.user());
        out.writeNumber(task.after().length);
        out.writeNumber(0);
        out.writeNull();
        out.writeNumber(ready && later ? notBefore.toEpochMilli() : at);
        out.writeNumber(ready && later ? notBefore.toEpochMilli() : 0);
        out.writeNull();
        out.writeNumber(task.always() ? 1 : 0);
        out.writeNumber(task.continueOnFailure() ? 1 : 0);
        out.writeString(task.exclusive());
        out.writeString(task.limit());
        RunPlan.Rate rate = task.rate();
        out.writeString(rate == null ? null : rate.bucket());
        nullable(out, rate == null ? null : rate.perSecond());
        nullable(out, rate == null ? null : rate.burst());
        RunPlan.Routing routing = task.routing();
        out.writeString(routing == null ? null : routing.require());
        out.writeString(routing == null ? null : routing.prefer());
        nullable(out, routing == null ? null : routing.preferWaitMillis());
        out.writeEndArray();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return json.toString();
  }

  private static void nullable(JsonGenerator out, Number value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else {
      out.writeNumber(value.longValue());
    }
  }

  /** The dependencies, each [task, dependency, required] by the positions of the two tasks. */
  private static String depRows(List<RunPlan.Task> tasks) {
    StringBuilder json = new StringBuilder("[");
    for (int t = 0; t < tasks.size(); t++) {
      RunPlan.Task task = tasks.get(t);
      for (int d = 0; d < task.after().length; d++) {
        json.append(json.length() == 1 ? "" : ",").append('[').append(t + 1).append(',');
        json.append(task.after()[d] + 1).append(',').append(task.required()[d] ? 1 : 0).append(']');
      }
    }
    return json.append(']').toString();
  }
}
