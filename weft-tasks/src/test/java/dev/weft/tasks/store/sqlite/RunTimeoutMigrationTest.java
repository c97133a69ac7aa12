package dev.weft.tasks.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs stored before run-timeouts were kept on the run keep theirs after the upgrade: those whose
 * pipeline may name one are listed for the worker to read their pipeline, the others never.
 */
class RunTimeoutMigrationTest {

  @TempDir Path dir;

  @Test
  void anOlderStoresRunsWithARunTimeoutInTheirPipelineAreStillChecked() throws Exception {
    Path file = dir.resolve("weft.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/weft/sqlite")
        .target("20")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (int id = 1; id <= 3; id++) {
        s.executeUpdate(
            "INSERT INTO tasks (id, root_id, node_id, type, status, created_at, started_at)"
                + " VALUES ("
                + id
                + ", "
                + id
                + ", 'p', 'pipeline', '"
                + (id == 3 ? "succeeded" : "running")
                + "', 0, 0)");
      }
      s.executeUpdate(
          "INSERT INTO run_pipelines (run_id, pipeline) VALUES"
              + " (1, '{\"name\":\"p\",\"defaults\":{\"runTimeout\":60.0}}'),"
              + " (2, '{\"name\":\"p\"}'),"
              + " (3, '{\"name\":\"p\",\"defaults\":{\"runTimeout\":60.0}}')");
    }

    try (TaskStore store = SqliteTaskStore.open(file)) {
      assertThat(store.timedOutRuns(Instant.ofEpochMilli(1), null))
          .as("listed, run out or not: its pipeline says")
          .extracting(TaskRecord::id)
          .containsExactly(1L);
    }
  }
}
