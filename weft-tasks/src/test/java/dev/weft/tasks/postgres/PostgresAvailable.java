package dev.weft.tasks.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link PostgresTest} classes when PostgreSQL answers, or when CI requires it. */
public final class PostgresAvailable implements ExecutionCondition {

  /** The test database: {@code WEFT_PG_URL}, else the local server CI starts. */
  public static final String URL =
      System.getenv()
          .getOrDefault("WEFT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private static volatile String unreachable; // null once checked and reachable
  private static volatile boolean checked;

  /** A new connection to the test database. */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return reachable()
        ? ConditionEvaluationResult.enabled("PostgreSQL reachable at " + URL)
        : ConditionEvaluationResult.disabled(reason());
  }

  /**
   * Whether tests that need PostgreSQL run: it answers, or CI requires them (then they run, and
   * fail when it does not answer).
   */
  public static synchronized boolean reachable() {
    if (System.getenv("WEFT_REQUIRE_POSTGRES") != null) {
      return true;
    }
    if (!checked) {
      DriverManager.setLoginTimeout(3);
      try (Connection c = connect()) {
        unreachable = c.isValid(3) ? null : "the connection did not answer";
      } catch (SQLException e) {
        unreachable = e.getMessage();
        // Surefire shows only a count of skipped tests; say once, visibly, why they were skipped.
        System.err.println("[postgres] skipping tests tagged 'postgres': " + reason());
      }
      checked = true;
    }
    return unreachable == null;
  }

  private static String reason() {
    return "PostgreSQL not reachable at "
        + URL
        + " ("
        + unreachable
        + "); start it, or set WEFT_PG_URL";
  }
}
