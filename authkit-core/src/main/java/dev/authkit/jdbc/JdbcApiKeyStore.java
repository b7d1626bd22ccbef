package dev.authkit.jdbc;

import static java.util.Objects.requireNonNull;

import dev.authkit.VerificationUnavailableException;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.ApiKeyRecord;
import dev.authkit.apikey.ApiKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * An {@link ApiKeyStore} in table {@code authkit_api_key} over a {@link DataSource} (H2 2.x,
 * PostgreSQL 12+; create the table from {@link JdbcDialect}). Stores the public key id, prefix,
 * 32-byte hash and metadata; never a key. Scopes and roles are stored space-separated.
 *
 * <p>Each method borrows one connection and runs one statement in auto-commit mode ({@link #find}
 * is a single primary-key {@code SELECT}). Use a pooled {@code DataSource} in production.
 * SQL failures become {@link VerificationUnavailableException} with {@code STORE_UNAVAILABLE},
 * naming only the SQLState. Thread-safe.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {

  private static final String COLUMNS = "key_id, prefix, secret_hash, subject, tenant, scopes, roles, created_at,"
      + " expires_at, revoked_at, last_used_at, rate_limit_capacity, rate_limit_period_ms";

  private final DataSource dataSource;

  /**
   * Creates a store.
   *
   * @param dataSource where {@code authkit_api_key} lives; not null
   */
  public JdbcApiKeyStore(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  @Override
  public void insert(ApiKeyRecord record) {
    requireNonNull(record, "record");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO authkit_api_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, record.keyId());
      statement.setString(2, record.prefix());
      statement.setBytes(3, record.secretHash());
      statement.setString(4, record.subject());
      statement.setString(5, record.tenant().orElse(null));
      statement.setString(6, String.join(" ", record.scopes()));
      statement.setString(7, String.join(" ", record.roles()));
      Jdbc.setInstant(statement, 8, record.createdAt());
      Jdbc.setInstant(statement, 9, record.expiresAt().orElse(null));
      Jdbc.setInstant(statement, 10, record.revokedAt().orElse(null));
      Jdbc.setInstant(statement, 11, record.lastUsedAt().orElse(null));
      if (record.rateLimit().isPresent()) {
        statement.setLong(12, record.rateLimit().get().capacity());
        statement.setLong(13, record.rateLimit().get().period().toMillis());
      } else {
        statement.setNull(12, Types.BIGINT);
        statement.setNull(13, Types.BIGINT);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      if (Jdbc.isDuplicateKey(e)) {
        throw new IllegalStateException("a key with id " + record.keyId() + " already exists");
      }
      throw Jdbc.unavailable("storing an API key", e);
    }
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) {
    requireNonNull(keyId, "keyId");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM authkit_api_key WHERE key_id = ?")) {
      statement.setString(1, keyId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("looking up an API key", e);
    }
  }

  @Override
  public boolean revoke(String keyId, Instant revokedAt) {
    return moveEarlier("revoked_at", keyId, revokedAt, "revoking an API key");
  }

  @Override
  public boolean expire(String keyId, Instant expiresAt) {
    return moveEarlier("expires_at", keyId, expiresAt, "expiring an API key");
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed");
    if (lastUsed.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "UPDATE authkit_api_key SET last_used_at = GREATEST(COALESCE(last_used_at, ?), ?) WHERE key_id = ?")) {
      for (Map.Entry<String, Instant> entry : lastUsed.entrySet()) {
        Jdbc.setInstant(statement, 1, entry.getValue());
        Jdbc.setInstant(statement, 2, entry.getValue());
        statement.setString(3, entry.getKey());
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw Jdbc.unavailable("recording last-used times", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcApiKeyStore[" + dataSource.getClass().getName() + "]";
  }

  private boolean moveEarlier(String column, String keyId, Instant value, String what) {
    requireNonNull(keyId, "keyId");
    requireNonNull(value, column);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "UPDATE authkit_api_key SET " + column + " = LEAST(COALESCE(" + column + ", ?), ?) WHERE key_id = ?")) {
      Jdbc.setInstant(statement, 1, value);
      Jdbc.setInstant(statement, 2, value);
      statement.setString(3, keyId);
      return statement.executeUpdate() > 0;
    } catch (SQLException e) {
      throw Jdbc.unavailable(what, e);
    }
  }

  private static ApiKeyRecord read(ResultSet rows) throws SQLException {
    long capacity = rows.getLong("rate_limit_capacity");
    ApiKeyRateLimit rateLimit = rows.wasNull() ? null
        : ApiKeyRateLimit.of(capacity, Duration.ofMillis(rows.getLong("rate_limit_period_ms")));
    return ApiKeyRecord.builder(rows.getString("key_id"))
        .prefix(rows.getString("prefix"))
        .secretHash(rows.getBytes("secret_hash"))
        .subject(rows.getString("subject"))
        .tenant(rows.getString("tenant"))
        .scopes(split(rows.getString("scopes")))
        .roles(split(rows.getString("roles")))
        .createdAt(requireNonNull(Jdbc.getInstant(rows, "created_at"), "created_at"))
        .expiresAt(Jdbc.getInstant(rows, "expires_at"))
        .revokedAt(Jdbc.getInstant(rows, "revoked_at"))
        .lastUsedAt(Jdbc.getInstant(rows, "last_used_at"))
        .rateLimit(rateLimit)
        .build();
  }

  private static Set<String> split(String value) {
    return value.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(value.split(" ")));
  }
}
