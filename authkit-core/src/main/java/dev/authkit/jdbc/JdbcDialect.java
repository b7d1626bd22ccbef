package dev.authkit.jdbc;

import static java.util.Objects.requireNonNull;

import dev.authkit.VerificationUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The databases authkit ships DDL for. The scripts are resources in the jar,
 * {@code dev/authkit/jdbc/h2.sql} and {@code dev/authkit/jdbc/postgresql.sql}, idempotent
 * ({@code CREATE ... IF NOT EXISTS}); run them with your migration tool, or with
 * {@link #createTables(DataSource)}. Tables: {@code authkit_api_key}, {@code authkit_revoked_token},
 * {@code authkit_revoked_subject}, and for PostgreSQL {@code authkit_rate_limit_bucket} (Bucket4j).
 */
public enum JdbcDialect {
  /** H2 2.x. */
  H2("h2.sql"),
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql.sql");

  private final String resource;

  JdbcDialect(String resource) {
    this.resource = resource;
  }

  /** Returns the classpath resource name of the DDL script, e.g. {@code dev/authkit/jdbc/h2.sql}. */
  public String ddlResource() {
    return "dev/authkit/jdbc/" + resource;
  }

  /** Returns the DDL script's statements, without the trailing {@code ;}. */
  public List<String> ddlStatements() {
    String script;
    try (InputStream in = JdbcDialect.class.getClassLoader().getResourceAsStream(ddlResource())) {
      if (in == null) {
        throw new IllegalStateException(ddlResource() + " is missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return List.copyOf(statements);
  }

  /**
   * Creates authkit's tables if they do not exist.
   *
   * @param dataSource not null
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE} when a statement fails
   */
  public void createTables(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : ddlStatements()) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("creating authkit's tables", e);
    }
  }

}
