package dev.authkit.jdbc;

import dev.authkit.testing.Databases;
import org.junit.jupiter.api.BeforeEach;

/** {@link JdbcContractTest} against H2 2.x in memory. */
class H2JdbcTest extends JdbcContractTest {

  @BeforeEach
  void setUp() {
    open(Databases.h2());
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.H2;
  }
}
