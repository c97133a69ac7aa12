package dev.weft.tasks.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** An embedded Weft on an application's own PostgreSQL data source, which it leaves open. */
@PostgresTest
class EmbeddedDataSourceTest {

  @Test
  void runsOnTheApplicationsDataSourceAndLeavesItOpen() throws Exception {
    try (StoreFixture database = StoreFixture.postgres()) {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(database.location());
      CodePipeline.Builder b = CodePipeline.builder("on-data-source");
      Handle<Integer> answer = b.add("answer", Integer.class, ctx -> 42);
      CodePipeline pipeline = b.build();
      try (Weft weft = Weft.embedded(WeftConfig.postgres(dataSource).register(pipeline))) {
        RunResult run = weft.run(pipeline);
        assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(run.result(answer)).contains(42);
      }
      try (var connection = dataSource.getConnection();
          var rows = connection.createStatement().executeQuery("SELECT count(*) FROM tasks")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(2); // the run and its one task, still readable
      }
    }
  }
}
