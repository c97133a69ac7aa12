package dev.weft.bench.burndown;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One engine's database for one burn-down: a PostgreSQL database created for it, or a SQLite file
 * in a folder of its own; {@link #drop} removes it. Worker processes reach it through {@link #kind}
 * and {@link #location}.
 *
 * @param kind which database
 * @param location a JDBC URL for PostgreSQL, the file's path for SQLite
 * @param name the PostgreSQL database's name, or the SQLite folder
 */
public record BenchDatabase(Kind kind, String location, String name) {

  /** The databases a burn-down runs on. */
  public enum Kind {
    POSTGRESQL,
    SQLITE;

    /** The name the command line uses. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A new, empty database: on the PostgreSQL server that {@code adminUrl} (a JDBC URL to an
   * existing database) reaches, or a SQLite file in a new temporary folder.
   */
  public static BenchDatabase create(Kind kind, String adminUrl, String label) throws SQLException {
    String name =
        "weft_bench_" + label.replaceAll("[^a-z0-9]", "_") + "_" + ProcessHandle.current().pid();
    if (kind == Kind.SQLITE) {
      try {
        Path dir = Files.createTempDirectory(name);
        return new BenchDatabase(kind, dir.resolve("bench.db").toString(), dir.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a folder for the SQLite database", e);
      }
    }
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    }
    return new BenchDatabase(kind, withDatabase(adminUrl, name), name);
  }

  /** {@code url} with its database replaced by {@code database}, the query kept. */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("//") + 2;
    int slash = url.indexOf('/', hosts);
    int query = url.indexOf('?', hosts);
    String head = url.substring(0, slash < 0 ? (query < 0 ? url.length() : query) : slash);
    String tail = query < 0 ? "" : url.substring(query);
    return head + "/" + database + tail;
  }

  /** Removes the database, or the SQLite folder; {@code adminUrl} as given to {@link #create}. */
  public void drop(String adminUrl) throws SQLException, IOException {
    if (kind == Kind.SQLITE) {
      try (Stream<Path> files = Files.walk(Path.of(name))) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /**
   * Does what autovacuum does within a minute of a burst on an otherwise idle PostgreSQL: clears
   * the dead rows and index entries the burn-down left and refreshes the planner's statistics, so
   * that probes see an idle cluster rather than one still settling after the burst. SQLite keeps no
   * dead rows to clear: nothing to do.
   */
  public void settle() throws SQLException {
    if (kind == Kind.SQLITE) {
      return;
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("VACUUM (ANALYZE)");
    }
  }

  /** A new connection, in auto-commit mode. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  /** The JDBC URL. */
  public String jdbcUrl() {
    return kind == Kind.SQLITE ? "jdbc:sqlite:" + location : location;
  }

  /**
   * A data source for a peer engine: a HikariCP pool of {@code poolSize} on PostgreSQL; on SQLite a
   * connection per use (what SQLite drivers document for JobRunr and db-scheduler), in WAL mode
   * with a busy timeout, as Weft's own SQLite store uses.
   */
  public DataSource dataSource(int poolSize) {
    if (kind == Kind.SQLITE) {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setBusyTimeout(30_000);
      SQLiteDataSource source = new SQLiteDataSource(config);
      source.setUrl(jdbcUrl());
      return source;
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("bench");
    return new HikariDataSource(config);
  }

  /** The number the query {@code sql} (one row, one column) answers on {@code source}. */
  public static long count(DataSource source, String sql) throws SQLException {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Closes a data source from {@link #dataSource}, if it holds connections. */
  public static void close(DataSource source) {
    if (source instanceof HikariDataSource pool) {
      pool.close();
    }
  }
}
