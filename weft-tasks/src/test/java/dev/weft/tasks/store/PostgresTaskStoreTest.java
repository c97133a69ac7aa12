package dev.weft.tasks.store;

import dev.weft.tasks.postgres.PostgresTest;

/** The store contract on PostgreSQL. */
@PostgresTest
class PostgresTaskStoreTest extends TaskStoreContract {

  @Override
  StoreFixture.Kind kind() {
    return StoreFixture.Kind.POSTGRESQL;
  }
}
