package dev.weft.tasks.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A connection as one transaction holds it, with the statements prepared on it. */
final class Session {

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final List<EventLog.Pending> events = new ArrayList<>();

  Session(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** The events the transaction logs when it commits ({@link EventLog}). */
  List<EventLog.Pending> events() {
    return events;
  }

  /** The statement for {@code text}, prepared on the first use. */
  PreparedStatement statement(String text) throws SQLException {
    PreparedStatement statement = statements.get(text);
    if (statement == null) {
      statement = connection.prepareStatement(text);
      statements.put(text, statement);
    }
    return statement;
  }

  /** Closes the statements and the connection (a pooled one goes back to its pool). */
  void close() throws SQLException {
    SQLException failed = null;
    for (PreparedStatement s : statements.values()) {
      try {
        s.close();
      } catch (SQLException e) {
        failed = e;
      }
    }
    statements.clear();
    connection.close();
    if (failed != null) {
      throw failed;
    }
  }
}
