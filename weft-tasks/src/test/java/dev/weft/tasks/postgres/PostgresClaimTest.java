package dev.weft.tasks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The database features the task store relies on, checked on the real server: a supported version,
 * and claiming with {@code FOR UPDATE SKIP LOCKED} giving concurrent claimers disjoint rows.
 */
@PostgresTest
class PostgresClaimTest {

  @Test
  void serverIsAtLeastVersion13() throws SQLException {
    try (Connection c = PostgresAvailable.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version_num")) {
      r.next();
      assertThat(Integer.parseInt(r.getString(1))).isGreaterThanOrEqualTo(130000);
    }
  }

  @Test
  void skipLockedClaimsAreDisjointAcrossOpenTransactions() throws SQLException {
    try (Connection setup = PostgresAvailable.connect();
        Connection first = PostgresAvailable.connect();
        Connection second = PostgresAvailable.connect()) {
      try (Statement s = setup.createStatement()) {
        s.execute("DROP TABLE IF EXISTS weft_claim_check");
        s.execute("CREATE TABLE weft_claim_check (id int PRIMARY KEY, owner text)");
        s.execute("INSERT INTO weft_claim_check SELECT g, NULL FROM generate_series(1, 10) g");
      }
      first.setAutoCommit(false);
      second.setAutoCommit(false);

      List<Integer> a = claim(first, "first", 6);
      List<Integer> b = claim(second, "second", 6); // while first still holds its rows
      first.commit();
      second.commit();

      Set<Integer> both = new HashSet<>(a);
      both.retainAll(b);
      assertThat(a).hasSize(6);
      assertThat(b).hasSize(4);
      assertThat(both).isEmpty();
      try (Statement s = setup.createStatement()) {
        s.execute("DROP TABLE weft_claim_check");
      }
    }
  }

  private static List<Integer> claim(Connection c, String owner, int n) throws SQLException {
    String sql =
        "UPDATE weft_claim_check SET owner = '"
            + owner
            + "' WHERE id IN (SELECT id FROM weft_claim_check WHERE owner IS NULL ORDER BY id"
            + " FOR UPDATE SKIP LOCKED LIMIT "
            + n
            + ") RETURNING id";
    List<Integer> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        ids.add(r.getInt(1));
      }
    }
    return ids;
  }
}
