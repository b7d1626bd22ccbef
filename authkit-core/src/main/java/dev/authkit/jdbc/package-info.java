/**
 * JDBC storage shared by every instance: {@link dev.authkit.jdbc.JdbcApiKeyStore} for API keys and
 * {@link dev.authkit.jdbc.JdbcRevocationList} for revoked JWTs, over one {@link javax.sql.DataSource}.
 * Tables are created from the DDL shipped in the jar ({@link dev.authkit.jdbc.JdbcDialect}:
 * {@code dev/authkit/jdbc/h2.sql}, {@code dev/authkit/jdbc/postgresql.sql}). Tested on H2 2.3 and
 * PostgreSQL 14.
 */
@NullMarked
package dev.authkit.jdbc;

import org.jspecify.annotations.NullMarked;
