package dev.weft.bench.burndown;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * db-scheduler at its best settings here: lock-and-fetch polling ({@code FOR UPDATE SKIP LOCKED},
 * {@code pollUsingLockAndFetch(1.0, 3.0)}), 20 threads, a pool of 20 connections, polling every 10
 * ms. Jobs are one-time tasks stored with {@code scheduleBatch}; db-scheduler deletes a one-time
 * task's row when it succeeds, so "done" is the jobs whose row is gone. PostgreSQL only: its SQLite
 * support has no lock-and-fetch.
 */
final class DbSchedulerContender implements Contender {

  static final int THREADS = 20;
  static final int POOL = 20;
  static final Duration POLLING = Duration.ofMillis(10);

  private static final OneTimeTask<Void> NOOP =
      Tasks.oneTime("noop")
          .execute((instance, context) -> Ledger.ran(Long.parseLong(instance.getId())));
  private static final OneTimeTask<Void> PROBE =
      Tasks.oneTime("probe")
          .execute((instance, context) -> Ledger.probe(Long.parseLong(instance.getId())));
  private static final List<Task<?>> TASKS = List.of(NOOP, PROBE);

  /** db-scheduler's one table, as its documentation lays it out for PostgreSQL. */
  private static final String TABLE =
      """
      CREATE TABLE scheduled_tasks (
        task_name            TEXT NOT NULL,
        task_instance        TEXT NOT NULL,
        task_data            BYTEA,
        execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
        picked               BOOLEAN NOT NULL,
        picked_by            TEXT,
        last_success         TIMESTAMP WITH TIME ZONE,
        last_failure         TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat       TIMESTAMP WITH TIME ZONE,
        version              BIGINT NOT NULL,
        priority             SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  @Override
  public String name() {
    return "db-scheduler";
  }

  @Override
  public Set<Shape> shapes() {
    return EnumSet.of(Shape.NONE);
  }

  @Override
  public Set<BenchDatabase.Kind> databases() {
    return EnumSet.of(BenchDatabase.Kind.POSTGRESQL);
  }

  @Override
  public Duration idlePoll(WorkerSettings settings) {
    return POLLING;
  }

  @Override
  public Client client(BenchDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(TABLE);
    }
    DataSource source = db.dataSource(4);
    return new DbSchedulerClient(source, SchedulerClient.Builder.create(source, TASKS).build());
  }

  @Override
  public AutoCloseable startWorker(BenchDatabase db, WorkerSettings settings) {
    DataSource source = db.dataSource(POOL);
    Scheduler scheduler =
        Scheduler.create(source, TASKS)
            .schedulerName(new SchedulerName.Fixed("bench-" + ProcessHandle.current().pid()))
            .threads(THREADS)
            .pollingInterval(POLLING)
            .pollUsingLockAndFetch(1.0, 3.0)
            .build();
    scheduler.start();
    return () -> {
      scheduler.stop();
      BenchDatabase.close(source);
    };
  }

  /** The harness's side: a scheduler client, and counts of the table's rows. */
  private static final class DbSchedulerClient implements Client {
    private final DataSource source;
    private final SchedulerClient client;
    private long inserted;

    DbSchedulerClient(DataSource source, SchedulerClient client) {
      this.source = source;
      this.client = client;
    }

    @Override
    public void insert(int jobs, Shape shape) {
      Stream<TaskInstance<?>> instances =
          LongStream.range(0, jobs).mapToObj(i -> NOOP.instance(Long.toString(i)));
      client.scheduleBatch(instances, Instant.now());
      inserted = jobs;
    }

    @Override
    public boolean pending() throws SQLException {
      return count(
              "SELECT count(*) FROM (SELECT 1 FROM scheduled_tasks WHERE task_name = 'noop'"
                  + " LIMIT 1) AS left_over")
          > 0;
    }

    @Override
    public long done() throws SQLException {
      return inserted - count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'noop'");
    }

    @Override
    public List<String> problems(int jobs) throws SQLException {
      long failing = count("SELECT count(*) FROM scheduled_tasks WHERE consecutive_failures > 0");
      return failing == 0 ? List.of() : List.of(failing + " jobs failed at least once");
    }

    private long count(String sql) throws SQLException {
      return BenchDatabase.count(source, sql);
    }

    @Override
    public long submitProbe(int n) {
      client.scheduleIfNotExists(PROBE.instance(Long.toString(n)), Instant.now());
      return n;
    }

    @Override
    public void close() {
      BenchDatabase.close(source);
    }
  }
}
