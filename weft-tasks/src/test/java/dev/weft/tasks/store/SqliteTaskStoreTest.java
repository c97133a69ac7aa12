package dev.weft.tasks.store;

import java.nio.file.Path;

/** The store contract on SQLite; several stores opened on one directory share its file. */
class SqliteTaskStoreTest extends TaskStoreContract {

  @Override
  TaskStore open(Path shared) {
    return SqliteTaskStore.open(shared.resolve("weft.db"));
  }
}
