package dev.weft.tasks.store;

import dev.weft.tasks.postgres.PostgresAvailable;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A new, empty database for one test, on which any number of stores may be opened (each its own
 * connections, as separate workers have). Tests open stores through this, never through a path or
 * URL, so one test runs on every database.
 */
public interface StoreFixture extends AutoCloseable {

  /** A new store on this fixture's database. */
  TaskStore open();

  /** Where {@code weft --db} finds this database. */
  String location();

  /** Drops what the fixture made. */
  @Override
  void close();

  /** The databases a store runs on. */
  enum Kind {
    SQLITE,
    POSTGRESQL;

    /** A fixture of this kind; a SQLite one keeps its file in {@code dir}. */
    public StoreFixture create(Path dir) {
      return this == SQLITE ? sqlite(dir) : postgres();
    }
  }

  /** A SQLite file in {@code dir}. */
  static StoreFixture sqlite(Path dir) {
    Path file = dir.resolve("weft.db");
    return new StoreFixture() {
      @Override
      public TaskStore open() {
        return SqliteTaskStore.open(file);
      }

      @Override
      public String location() {
        return file.toString();
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A schema of its own in the test PostgreSQL database, dropped at the end. Skips the test when
   * the server is unreachable, unless CI requires it ({@code WEFT_REQUIRE_POSTGRES}).
   */
  static StoreFixture postgres() {
    Assumptions.assumeTrue(
        PostgresAvailable.reachable(),
        () -> "PostgreSQL is not reachable at " + PostgresAvailable.URL);
    String schema =
        "weft_test_" + ProcessHandle.current().pid() + "_" + Schemas.NEXT.incrementAndGet();
    run("CREATE SCHEMA " + schema);
    String url =
        PostgresAvailable.URL
            + (PostgresAvailable.URL.contains("?") ? "&" : "?")
            + "currentSchema="
            + schema;
    return new StoreFixture() {
      @Override
      public TaskStore open() {
        return PostgresTaskStore.open(url, 4);
      }

      @Override
      public String location() {
        return url;
      }

      @Override
      public void close() {
        run("DROP SCHEMA " + schema + " CASCADE");
      }
    };
  }

  /** Numbers the schemas of one test JVM. */
  final class Schemas {
    static final AtomicInteger NEXT = new AtomicInteger();

    private Schemas() {}
  }

  private static void run(String sql) {
    try (Connection c = PostgresAvailable.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
