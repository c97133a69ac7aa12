package dev.weft.tasks.store;

/** The store contract on SQLite. */
class SqliteTaskStoreTest extends TaskStoreContract {

  @Override
  StoreFixture.Kind kind() {
    return StoreFixture.Kind.SQLITE;
  }
}
