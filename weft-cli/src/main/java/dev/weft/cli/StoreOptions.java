package dev.weft.cli;

import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option every command that reads or writes the task store shares. */
final class StoreOptions {

  @Option(
      names = "--db",
      paramLabel = "FILE",
      defaultValue = ".weft/weft.db",
      description = "The task store, a SQLite file.%nDefault: ${DEFAULT-VALUE}")
  Path db;

  /**
   * The store, which must exist: commands that only read or change what is stored never create one
   * (a mistyped --db would otherwise leave an empty store and say there is nothing in it).
   */
  TaskStore open() {
    if (!Files.exists(db)) {
      throw new UserError(
          "no task store at "
              + db
              + ": nothing has run there yet ('weft run FILE' makes one; --db names another)");
    }
    return SqliteTaskStore.open(db);
  }

  /** The store, created (with its folders) when there is none: for commands that add work. */
  TaskStore openOrCreate() {
    return SqliteTaskStore.open(db);
  }
}
