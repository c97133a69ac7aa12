package dev.weft.tasks.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the databases a {@link JdbcTaskStore} runs on. Everything else (the SQL of
 * runs, claims, transitions, copies, cache, schedules, workers and logs) is shared.
 */
public interface Dialect {

  /** The database's name, as messages say it. */
  String name();

  /** Begins a transaction on {@code connection}: one that will write, or one that only reads. */
  void begin(Connection connection, boolean write) throws SQLException;

  /** Commits what {@link #begin} began. */
  void commit(Connection connection) throws SQLException;

  /** Rolls back what {@link #begin} began. */
  void rollback(Connection connection) throws SQLException;

  /**
   * Whether a failed transaction may simply run again: the database aborted it to break a deadlock,
   * or as a serialization failure.
   */
  boolean retryable(Throwable failure);

  /**
   * The query of the database's clock, in epoch milliseconds, or {@code null} when the database is
   * a file on this machine and its clock is this machine's.
   */
  String clockQuery();

  /**
   * Ids for {@code count} new tasks, ascending, never given before; in the caller's transaction.
   */
  long[] allocateIds(PreparedStatementSource sql, int count) throws SQLException;

  /**
   * The query of ready tasks in claim order (highest priority, then oldest), selecting {@code
   * columns}, the tasks also meeting {@code routing} (a condition the caller binds, or {@code
   * null}). Its parameters: the run (only when {@code inRun}), the time (tasks due by then), those
   * of {@code routing}, the limit and the offset. Rows it returns are the caller's to claim: no
   * other transaction claims them until the caller's ends.
   */
  String readyTasks(String columns, boolean inRun, String routing);

  /**
   * Makes claims that count running tasks against limits take turns, until the caller's transaction
   * ends, so two claims cannot both admit the last free place.
   */
  void serializeClaims(PreparedStatementSource sql) throws SQLException;

  /**
   * A condition that {@code column} is one of the ids of one parameter set by {@link #setIds}: one
   * statement whatever the number of ids, answered from the column's index.
   */
  String inIds(String column);

  /**
   * Whether this transaction is the one that looks for lost workers' tasks now: one reaper at a
   * time, so many workers do not all scan and lock the same running tasks; the others skip their
   * turn (their next heartbeat comes soon). Held until the transaction ends.
   */
  boolean reaperTurn(PreparedStatementSource sql) throws SQLException;

  /**
   * A table of the ids of one parameter set by {@link #setIds}, for a FROM clause: named {@code c},
   * its one column {@code id}. Joined first, it makes the planner look each id up by index, however
   * stale its statistics of the tables are (as they are while a large run is young).
   */
  String idRows();

  /**
   * Whether a statement may begin with data-modifying {@code WITH} clauses ({@code WITH x AS
   * (UPDATE ... RETURNING ...) SELECT ...}): where a statement is a round trip to a server, what
   * lets a claim's writes and its read go as one.
   */
  boolean writesInWith();

  /**
   * Where {@link #writesInWith}: a query that does what {@link #notifyNewWork} does, for a
   * statement of writes to include; {@code null} elsewhere.
   */
  String newWorkNotice();

  /** Sets the parameter of {@link #inIds} or {@link #idRows} to {@code ids}. */
  void setIds(PreparedStatement statement, int index, long[] ids) throws SQLException;

  /**
   * A table of rows for a FROM clause, named {@code c}, with {@code columns} (set by {@link
   * #setRows}): what lets one statement write many rows each with values of its own, where a batch
   * would be a statement per row. Joined first, as {@link #idRows}.
   */
  String rows(List<Column> columns);

  /** A column of {@link #rows}: numbers ({@code bigint}) or text. */
  record Column(String name, boolean text) {

    /** A column of numbers. */
    public static Column number(String name) {
      return new Column(name, false);
    }

    /** A column of text. */
    public static Column text(String name) {
      return new Column(name, true);
    }
  }

  /**
   * Sets the parameters of {@link #rows} from {@code index}: one array per column, in their order,
   * a {@code long[]} for numbers and a {@code String[]} (nulls allowed) for text, all of one
   * length. Returns the index of the next parameter.
   */
  int setRows(PreparedStatement statement, int index, List<Object> columns) throws SQLException;

  /**
   * A FROM item (or {@code null}) joined into the statement that writes a transaction's events,
   * last before it commits: where transactions commit at once, what makes them take turns from
   * there to their commit, so event ids become visible in the order they were given and a reader
   * resuming after an id never skips one committed later.
   */
  String serializeEvents();

  /**
   * Tells other processes, when the caller's transaction commits, that tasks may have become ready
   * ({@link #listen}); nothing where the database cannot.
   */
  void notifyNewWork(PreparedStatementSource sql) throws SQLException;

  /**
   * Calls {@code listener} when another transaction has said {@link #notifyNewWork}, over a
   * connection of {@code connections} kept for it; returns what stops it.
   */
  AutoCloseable listen(ConnectionSource connections, Runnable listener);

  /** Where a dialect takes a connection of its own from. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection connection() throws SQLException;
  }

  /** Prepared statements of the current transaction, by text. */
  @FunctionalInterface
  interface PreparedStatementSource {
    PreparedStatement sql(String text) throws SQLException;
  }
}
