package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on a PostgreSQL store, named by --db, by WEFT_DB, or by db: of the config file. */
@PostgresTest
class PostgresCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    database = StoreFixture.postgres();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void aRunOnPostgresqlIsStoredThereAndListedByAnotherProcessThatWeftDbPointsAtIt()
      throws Exception {
    Cli.Result run =
        Cli.run("run", "examples/hello.yaml", "--set", "name=Ada", "--db", database.location());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Hello, Ada!").contains("succeeded");
    ProcessBuilder list = Cli.process("runs", "list", "--json");
    list.environment().put("WEFT_DB", database.location());
    list.directory(dir.toFile()); // no .weft/weft.db here: the list comes from PostgreSQL
    Process p = list.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode runs = JSON.readTree(out).get("runs");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("pipeline").asText()).isEqualTo("hello");
    assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
  }

  @Test
  void aDetachedRunIsWorkedOffByAWorkerOfTheSameDatabase() {
    String db = database.location();
    assertThat(Cli.run("run", "examples/report.yaml", "--detach", "--db", db).exitCode()).isZero();

    Cli.Result worker = Cli.run("worker", "--until-idle", "--db", db);

    assertThat(worker.exitCode()).as(worker.err()).isZero();
    try (TaskStore store = database.open()) {
      List<TaskRecord> runs = store.runs(10);
      assertThat(runs)
          .singleElement()
          .extracting(TaskRecord::status)
          .isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(store.tasks(runs.getFirst().id()))
          .allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED));
    }
  }

  @Test
  void theConfigFilesDbNamesTheStoreWhenTheCommandLineDoesNot() throws IOException {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "db: " + database.location() + "\nconcurrency: 2\n");

    Cli.Result run = Cli.run("run", "examples/hello.yaml", "--config", config.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (TaskStore store = database.open()) {
      assertThat(store.runs(10)).singleElement().extracting(TaskRecord::nodeId).isEqualTo("hello");
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineThatSaysWhereAndWhy() {
    Cli.Result r = Cli.run("runs", "list", "--db", "postgresql://weft:s3cret@127.0.0.1:1/weft");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(r.err().strip())
        .startsWith("weft: cannot open the task store postgresql://weft:***@127.0.0.1:1/weft:")
        .contains("is PostgreSQL running there")
        .doesNotContain("s3cret")
        .doesNotContain("WEFT_DEBUG");
  }
}
