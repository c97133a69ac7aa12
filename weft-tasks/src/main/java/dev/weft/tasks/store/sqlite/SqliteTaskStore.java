package dev.weft.tasks.store.sqlite;

import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.jdbc.JdbcTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the task store in one SQLite file (WAL mode): one connection, its transactions taking
 * turns; other processes on the same file wait for its write lock.
 */
public final class SqliteTaskStore {

  private SqliteTaskStore() {}

  /**
   * Opens (creating if need be) the store at {@code file} and brings its schema up to date; safe
   * when many processes do it at once (see {@link SqliteMigration}).
   */
  public static TaskStore open(Path file) {
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
      return JdbcTaskStore.onConnection(new SqliteDialect(), connection);
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("cannot open the task store " + file + ": " + e.getMessage(), e);
    }
  }
}
