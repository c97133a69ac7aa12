package dev.weft.tasks.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.tasks.store.StoreException;
import org.junit.jupiter.api.Test;

/** How {@code --db} names a PostgreSQL database, and what messages show of it. */
class PostgresLocationTest {

  @Test
  void aPostgresqlAddressBecomesAJdbcUrlWithItsUserAndPassword() {
    assertThat(PostgresTaskStore.jdbcUrl("postgresql://weft:s3cret@db.example:6432/jobs?ssl=true"))
        .isEqualTo("jdbc:postgresql://db.example:6432/jobs?ssl=true&user=weft&password=s3cret");
    assertThat(PostgresTaskStore.jdbcUrl("postgres://ada@localhost/weft"))
        .isEqualTo("jdbc:postgresql://localhost/weft?user=ada");
    assertThat(PostgresTaskStore.jdbcUrl("jdbc:postgresql://h/db?user=x"))
        .isEqualTo("jdbc:postgresql://h/db?user=x");
  }

  @Test
  void onlyDatabaseAddressesAreTakenForPostgresql() {
    assertThat(PostgresTaskStore.names("postgresql://h/db")).isTrue();
    assertThat(PostgresTaskStore.names("POSTGRES://h/db")).isTrue();
    assertThat(PostgresTaskStore.names("jdbc:postgresql://h/db")).isTrue();
    assertThat(PostgresTaskStore.names(".weft/weft.db")).isFalse();
    assertThat(PostgresTaskStore.names("postgresql.db")).isFalse();
  }

  @Test
  void messagesNeverShowThePassword() {
    assertThat(PostgresTaskStore.redacted("postgresql://weft:s3cret@h/db"))
        .isEqualTo("postgresql://weft:***@h/db");
    assertThat(PostgresTaskStore.redacted("jdbc:postgresql://h/db?user=weft&password=s3cret&x=1"))
        .isEqualTo("jdbc:postgresql://h/db?user=weft&password=***&x=1");
  }

  @Test
  void anAddressWithoutAHostSaysHowToWriteOne() {
    assertThatThrownBy(() -> PostgresTaskStore.jdbcUrl("postgresql:///db"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "not a database address: postgresql:///db (write postgresql://user@host:port/database)");
  }
}
