package dev.weft.tasks.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a SQLite store: many openers of a new store at once, and files that are no store. */
class SqliteOpeningTest {

  private static final int OPENERS = 8;
  private static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void manyOpenersOfANewStoreAtOnceAllGetAWorkingStore() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Path db = dir.resolve("round-" + round).resolve("weft.db");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> opened = new ArrayList<>();
        for (int i = 0; i < OPENERS; i++) {
          opened.add(
              pool.submit(() -> {
                start.await();
                try (TaskStore store = SqliteTaskStore.open(db)) {
                  return store.runs(10).size();
                }
              }));
        }
        start.countDown();
        for (Future<Integer> f : opened) {
          assertThat(f.get()).isZero(); // throws if an opener failed
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFileThatIsNotASqliteDatabaseIsNamedAsNotAStore() throws Exception {
    Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");

    assertThatThrownBy(() -> SqliteTaskStore.open(passwd))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot open the task store " + passwd + ": not a Weft store (not a SQLite database)");
    assertThat(Files.readString(passwd)).startsWith("root:x"); // left as it was
  }

  @Test
  void aSqliteDatabaseOfSomethingElseIsNotAStore() throws Exception {
    Path other = dir.resolve("other.db");
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
    }

    assertThatThrownBy(() -> SqliteTaskStore.open(other))
        .hasMessage(
            "cannot open the task store "
                + other
                + ": not a Weft store (a SQLite database with tables of its own)");
  }

  @Test
  void aFolderIsNotAStore() {
    assertThatThrownBy(() -> SqliteTaskStore.open(dir))
        .hasMessageContaining("it is a folder; name a file in it");
  }
}
