package dev.weft.cli;

import dev.weft.tasks.store.SqliteTaskStore;
import dev.weft.tasks.store.TaskStore;
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

  TaskStore open() {
    return SqliteTaskStore.open(db);
  }
}
