package dev.weft.tasks.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.jdbc.JdbcTaskStore;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens the task store in a PostgreSQL database shared by any number of workers: a pool of
 * connections (HikariCP), the schema brought up to date by Flyway (which takes turns on an advisory
 * lock, so many processes may open a new database at once).
 */
public final class PostgresTaskStore {

  /**
   * The advisory lock a worker holds while it takes over lost workers' tasks (one at a time), for
   * tools that watch or pause that: {@code pg_advisory_lock(REAPER_LOCK,
   * hashtext(current_schema()))} in the store's schema.
   */
  public static final int REAPER_LOCK = PostgresDialect.REAPER_LOCK;

  private PostgresTaskStore() {}

  /** Whether {@code location} names a PostgreSQL database rather than a file. */
  public static boolean names(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("postgresql://")
        || l.startsWith("postgres://")
        || l.startsWith("jdbc:postgresql:");
  }

  /**
   * Opens the store at {@code location}: {@code postgresql://user[:password]@host[:port]/db[?...]}
   * or a JDBC URL {@code jdbc:postgresql://...}.
   *
   * @param poolSize the most connections this process holds
   */
  public static TaskStore open(String location, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl(location));
    return open(config, poolSize, redacted(location));
  }

  /**
   * Opens the store in the database {@code dataSource} reaches (an application's own), through a
   * pool of at most {@code poolSize} of its connections. Closing the store closes that pool, not
   * {@code dataSource}.
   */
  public static TaskStore open(DataSource dataSource, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    return open(config, poolSize, "in the given data source");
  }

  private static TaskStore open(HikariConfig config, int poolSize, String location) {
    config.setAutoCommit(false);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setPoolName("weft");
    // Every statement of the store looks rows up by key, a few at a time, and is planned for that:
    // nested loops over the indexes. A new database has no statistics yet (a large run is stored
    // long before autovacuum analyses it), and the planner then guesses 200 rows per key and scans
    // whole tables into hash joins: 30 times slower, growing with the run. It also takes a routing
    // condition such as `require_labels IS NULL` to hold for 0.5 % of the rows, and so reads every
    // ready task by a bitmap scan and sorts them rather than walking the ready index in claim order
    // to the first few: each claim then costs as much as all the tasks still ready, and the dead
    // index entries of those claimed before are never cleared (only an index scan marks them).
    // Hash and merge joins and bitmap scans are never what these statements want.
    config.setConnectionInitSql(
        "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_bitmapscan = off");
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(-1); // a database that is down fails the first use below
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/weft/postgresql")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      String why = why(e);
      // What the database or the network said is all there is to say: no stack trace to offer.
      throw new StoreException(
          "cannot open the task store " + location + ": " + (why != null ? why : e),
          why != null ? null : e);
    }
    return JdbcTaskStore.onPool(new PostgresDialect(), pool, pool);
  }

  /** {@link #open(String, int)} with a pool of 10 connections. */
  public static TaskStore open(String location) {
    return open(location, 10);
  }

  /** The JDBC URL of a {@code postgresql://} location (a JDBC URL is kept as it is). */
  static String jdbcUrl(String location) {
    if (location.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return location;
    }
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new StoreException(
          "not a database address: "
              + redacted(location)
              + " ("
              + e.getReason().toLowerCase(Locale.ROOT)
              + "; write postgresql://user@host:port/database)",
          null);
    }
    if (uri.getHost() == null) {
      throw new StoreException(
          "not a database address: "
              + redacted(location)
              + " (write postgresql://user@host:port/database)",
          null);
    }
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      url.append(':').append(uri.getPort());
    }
    url.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      append(query, "user", colon < 0 ? info : info.substring(0, colon));
      if (colon >= 0) {
        append(query, "password", info.substring(colon + 1));
      }
    }
    if (!query.isEmpty()) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  private static void append(StringBuilder query, String key, String value) {
    if (!query.isEmpty()) {
      query.append('&');
    }
    query.append(key).append('=').append(value);
  }

  /** The location without its password, for messages. */
  public static String redacted(String location) {
    return location
        .replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@")
        .replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /**
   * What went wrong in the user's terms when the network or the database refused (the first line of
   * the deepest cause's message), or {@code null} for anything else.
   */
  private static String why(Throwable e) {
    String said = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = t.getMessage() == null ? "" : t.getMessage();
      String line =
          text.lines().filter(l -> !l.isBlank() && !l.startsWith("-")).findFirst().orElse(text);
      if (t instanceof UnknownHostException) {
        return "unknown host " + line;
      }
      if (t instanceof ConnectException) {
        return line + " (is PostgreSQL running there, and listening on that address?)";
      }
      if (t instanceof SQLException) {
        said = line;
      }
    }
    return said;
  }
}
