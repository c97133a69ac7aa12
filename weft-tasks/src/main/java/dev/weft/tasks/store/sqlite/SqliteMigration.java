package dev.weft.tasks.store.sqlite;

import dev.weft.core.IoErrors;
import dev.weft.tasks.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a SQLite store's schema up to date, safely when many processes open the same store at
 * once, new or old: migrations run one process at a time, under an OS file lock on a {@code -lock}
 * file beside the database (not on the database itself: SQLite's own POSIX locks on it would be
 * dropped when another descriptor of it closes), and a migration that meets a busy database is
 * tried again. Each process re-checks the schema once it holds the lock, so the first one migrates
 * and the others find nothing left to do.
 */
final class SqliteMigration {

  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int ATTEMPTS = 20;

  /** Threads of one process share the file lock, so they take turns here first. */
  private static final Object IN_THIS_PROCESS = new Object();

  private SqliteMigration() {}

  /**
   * Checks that {@code file}, when it exists, is a SQLite database, then migrates it.
   *
   * @throws StoreException saying in the user's terms what is wrong
   */
  static void migrate(Path file, DataSource source) {
    refuseOtherFiles(file);
    Path lockFile = file.resolveSibling(file.getFileName() + "-lock");
    synchronized (IN_THIS_PROCESS) {
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock(); // released when the channel closes
        migrateRetryingWhenBusy(file, source);
      } catch (IOException e) {
        throw new StoreException(
            "cannot open the task store " + file + ": cannot lock it: " + IoErrors.describe(e), e);
      }
    }
  }

  private static void migrateRetryingWhenBusy(Path file, DataSource source) {
    Flyway flyway =
        Flyway.configure().dataSource(source).locations("classpath:db/weft/sqlite").load();
    for (int attempt = 1; ; attempt++) {
      try {
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        if (!busy(e) || attempt == ATTEMPTS) {
          throw new StoreException("cannot open the task store " + file + ": " + why(e), e);
        }
        pause(attempt);
      }
    }
  }

  /** A process that is not migrating (an older Weft, say) held the database; wait a little. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(500, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while opening the task store", e);
    }
  }

  private static boolean busy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
        return true;
      }
    }
    return false;
  }

  /** Flyway's messages span many lines of dashes and SQL states; say it in one line. */
  private static String why(FlywayException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("non-empty schema") || message.contains("no schema history table")) {
      return "not a Weft store (a SQLite database with tables of its own)";
    }
    if (message.contains("newer than") || message.contains("applied migration not resolved")) {
      return "the store was written by a newer Weft; use that version";
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.toString() : root.getMessage();
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("-")).findFirst().orElse(text);
  }

  private static void refuseOtherFiles(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new StoreException(
          "cannot open the task store " + file + ": it is a folder; name a file in it", null);
    }
    byte[] start = new byte[HEADER.length];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(start, 0, start.length);
    } catch (IOException e) {
      throw new StoreException(
          "cannot open the task store " + file + ": " + IoErrors.describe(e), e);
    }
    if (read > 0 && !Arrays.equals(start, HEADER)) {
      throw new StoreException(
          "cannot open the task store " + file + ": not a Weft store (not a SQLite database)",
          null);
    }
  }
}
