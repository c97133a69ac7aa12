package dev.weft.bench.burndown;

import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * JobRunr (open source): jobs are calls of {@link JobRunrJobs#noop}, stored with its stream {@code
 * enqueue}; a worker is a background job server of 20 workers on a pool of 20 connections (on
 * SQLite, a connection per use). JobRunr keeps a succeeded job's row, in state {@code SUCCEEDED}.
 */
final class JobRunrContender implements Contender {

  static final int WORKERS = 20;
  static final int POOL = 20;

  /** The shortest poll interval JobRunr accepts ("otherwise it will cause too much load"). */
  static final Duration POLL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "jobrunr";
  }

  @Override
  public Set<Shape> shapes() {
    return EnumSet.of(Shape.NONE);
  }

  @Override
  public Duration idlePoll(WorkerSettings settings) {
    return POLL;
  }

  private static StorageProvider storage(BenchDatabase db, DataSource source) {
    return db.kind() == BenchDatabase.Kind.SQLITE
        ? new SqLiteStorageProvider(source)
        : new PostgresStorageProvider(source);
  }

  @Override
  public Client client(BenchDatabase db) {
    DataSource source = db.dataSource(4);
    StorageProvider storage = storage(db, source);
    JobRunrConfiguration.JobRunrConfigurationResult jobRunr =
        JobRunr.configure()
            .useJsonMapper(new JacksonJsonMapper())
            .useStorageProvider(storage)
            .initialize();
    return new JobRunrClient(source, storage, jobRunr.getJobScheduler());
  }

  @Override
  public AutoCloseable startWorker(BenchDatabase db, WorkerSettings settings) {
    DataSource source = db.dataSource(POOL);
    StorageProvider storage = storage(db, source);
    JobRunr.configure()
        .useJsonMapper(new JacksonJsonMapper())
        .useStorageProvider(storage)
        .useBackgroundJobServer(
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andWorkerCount(WORKERS)
                .andPollInterval(POLL))
        .initialize();
    return () -> {
      JobRunr.destroy();
      storage.close();
      BenchDatabase.close(source);
    };
  }

  /**
   * The harness's side: a job scheduler, and counts of the jobs table by state. A class, not a
   * record: JobRunr reads the class that holds a job's lambda with ASM, and its reader refuses
   * records.
   */
  private static final class JobRunrClient implements Client {
    private final DataSource source;
    private final StorageProvider storage;
    private final JobScheduler scheduler;

    JobRunrClient(DataSource source, StorageProvider storage, JobScheduler scheduler) {
      this.source = source;
      this.storage = storage;
      this.scheduler = scheduler;
    }

    @Override
    public void insert(int jobs, Shape shape) {
      scheduler.enqueue(LongStream.range(0, jobs).boxed(), id -> JobRunrJobs.noop(id));
    }

    @Override
    public boolean pending() throws SQLException {
      return count(
              "SELECT count(*) FROM (SELECT 1 FROM jobrunr_jobs"
                  + " WHERE state IN ('AWAITING', 'SCHEDULED', 'ENQUEUED', 'PROCESSING')"
                  + " LIMIT 1) AS left_over")
          > 0;
    }

    @Override
    public long done() throws SQLException {
      return count("SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'");
    }

    @Override
    public List<String> problems(int jobs) throws SQLException {
      long failed = count("SELECT count(*) FROM jobrunr_jobs WHERE state = 'FAILED'");
      return failed == 0 ? List.of() : List.of(failed + " jobs failed");
    }

    private long count(String sql) throws SQLException {
      return BenchDatabase.count(source, sql);
    }

    @Override
    public long submitProbe(int n) {
      long key = n;
      scheduler.enqueue(() -> JobRunrJobs.probe(key));
      return key;
    }

    @Override
    public void close() {
      JobRunr.destroy();
      storage.close();
      BenchDatabase.close(source);
    }
  }
}
