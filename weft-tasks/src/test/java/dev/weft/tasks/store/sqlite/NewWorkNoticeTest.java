package dev.weft.tasks.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkQueue;
import dev.weft.tasks.store.jdbc.Dialect;
import dev.weft.tasks.store.jdbc.JdbcTaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * When the store tells other workers there may be new work ({@link Dialect#notifyNewWork}, a
 * PostgreSQL notification that wakes every idle worker): when tasks became ready, not each time a
 * task that waits for many others is told one of them ended, and not for tasks the transaction that
 * made them ready claimed itself. Counted on the SQLite dialect, whose statements are the same.
 */
class NewWorkNoticeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void onlyTasksBecomingReadyAreNoticed(@TempDir Path dir) throws Exception {
    try (TaskStore store = open(dir)) {
      long run =
          store.createRun(
              new RunPlan(
                  "join",
                  "{}",
                  List.of(
                      task("a"),
                      task("b"),
                      new RunPlan.Task(
                          "join", "noop", 0, null, new int[] {0, 1}, new boolean[] {true, true}))),
              T0);
      assertThat(notices).as("a new run").hasValue(1);
      List<ClaimedTask> claimed = store.claim("w", run, 2, T0, T0.plusSeconds(30));

      store.finish(List.of(new Outcome.Succeeded(claimed.get(0), "1")), T0);
      assertThat(notices).as("join still waits for the other").hasValue(1);

      store.finish(List.of(new Outcome.Succeeded(claimed.get(1), "2")), T0);
      assertThat(notices).as("join is ready").hasValue(2);
    }
  }

  @Test
  void theNextTaskOfAChainTakenInTheSameTransactionIsNotNoticed(@TempDir Path dir)
      throws Exception {
    try (TaskStore store = open(dir)) {
      long run =
          store.createRun(
              new RunPlan(
                  "chain",
                  "{}",
                  List.of(
                      task("a"),
                      new RunPlan.Task("b", "noop", 0, null, new int[] {0}, new boolean[] {true}),
                      new RunPlan.Task("c", "noop", 0, null, new int[] {1}, new boolean[] {true}))),
              T0);
      ClaimedTask a = store.claim("w", run, 1, T0, T0.plusSeconds(30)).getFirst();
      int before = notices.get();

      WorkQueue.Step step = succeedAndClaim(store, a, "1", run, 1);
      assertThat(step.claimed()).extracting(ClaimedTask::nodeId).containsExactly("b");
      assertThat(notices).as("b was taken by the transaction that made it ready").hasValue(before);

      succeedAndClaim(store, step.claimed().getFirst(), "2", run, 0);
      assertThat(notices).as("c was left for others").hasValue(before + 1);
    }
  }

  /**
   * Records {@code done}'s success with {@code result} and claims up to {@code max} tasks of the
   * run, in one step.
   */
  private static WorkQueue.Step succeedAndClaim(
      TaskStore store, ClaimedTask done, String result, long run, int max) {
    return store.finishAndClaim(
        List.of(new Outcome.Succeeded(done, result)),
        "w",
        run,
        max,
        T0,
        T0.plusSeconds(30),
        Limits.NONE,
        root -> true);
  }

  private final AtomicInteger notices = new AtomicInteger();

  /** A store on a new SQLite file whose dialect counts the notices. */
  private TaskStore open(Path dir) throws Exception {
    Dialect sqlite = new SqliteDialect();
    Dialect counting =
        (Dialect)
            Proxy.newProxyInstance(
                Dialect.class.getClassLoader(),
                new Class<?>[] {Dialect.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("notifyNewWork")) {
                    notices.incrementAndGet();
                  }
                  try {
                    return method.invoke(sqlite, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Path file = dir.resolve("weft.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    SqliteMigration.migrate(file, source);
    Connection connection = source.getConnection();
    connection.setAutoCommit(true);
    return JdbcTaskStore.onConnection(counting, connection);
  }

  private static RunPlan.Task task(String id) {
    return new RunPlan.Task(id, "noop", 0, null, new int[] {}, new boolean[] {});
  }
}
