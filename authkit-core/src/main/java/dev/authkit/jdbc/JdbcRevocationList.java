package dev.authkit.jdbc;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.apikey.ClockTime;
import dev.authkit.jwt.RevocationList;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RevocationList} in tables {@code authkit_revoked_token} and {@code authkit_revoked_subject}
 * over a {@link DataSource} (create them from {@link JdbcDialect}), so every instance sees the same
 * revoked JWTs.
 *
 * <pre>{@code
 * JdbcRevocationList revocations = JdbcRevocationList.builder(dataSource).build();
 * JwtAuthenticator.builder()...revocationList(revocations).build();
 * revocations.revokeToken(issuer, jti, exp);
 * }</pre>
 *
 * <p>Answers are cached for the cache TTL (default 30 s): a revocation made through this object
 * is effective here at once, and on other instances at most one cache TTL later. A cold check is
 * one query (token and subject together); a warm one none. {@link #purgeExpired()} deletes rows
 * that can no longer matter; schedule it as you like. Thread-safe.
 */
public final class JdbcRevocationList implements RevocationList {

  /** Default cache TTL, and so the bound on how long a revocation takes to reach other instances: 30 seconds. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
  /** Default time a subject entry is kept after its cut-off by {@link #purgeExpired()}: 24 hours. */
  public static final Duration DEFAULT_SUBJECT_RETENTION = Duration.ofHours(24);

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Duration subjectRetention;
  private final @Nullable Cache<String, Boolean> tokens;
  private final @Nullable Cache<String, Optional<Instant>> subjects;

  private JdbcRevocationList(Builder b) {
    this.dataSource = b.dataSource;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.cacheTtl = b.cacheTtl == null ? DEFAULT_CACHE_TTL : b.cacheTtl;
    this.subjectRetention = b.subjectRetention == null ? DEFAULT_SUBJECT_RETENTION : b.subjectRetention;
    ClockTime time = new ClockTime(clock);
    this.tokens = cacheTtl.isZero() ? null
        : Caffeine.newBuilder().ticker(time).expireAfterWrite(cacheTtl).maximumSize(100_000).build();
    this.subjects = cacheTtl.isZero() ? null
        : Caffeine.newBuilder().ticker(time).expireAfterWrite(cacheTtl).maximumSize(100_000).build();
  }

  /**
   * Starts a configuration.
   *
   * @param dataSource where the tables live; not null
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
    requireNonNull(issuer, "issuer");
    requireNonNull(tokenId, "tokenId");
    requireNonNull(expiresAt, "expiresAt");
    upsert("UPDATE authkit_revoked_token SET expires_at = GREATEST(expires_at, ?) WHERE issuer = ? AND token_id = ?",
        "INSERT INTO authkit_revoked_token (expires_at, issuer, token_id) VALUES (?, ?, ?)",
        expiresAt, issuer, tokenId, "revoking a token");
    if (tokens != null) {
      tokens.put(key(issuer, tokenId), Boolean.TRUE);
    }
  }

  @Override
  public void revokeSubject(String issuer, String subject, Instant issuedBefore) {
    requireNonNull(issuer, "issuer");
    requireNonNull(subject, "subject");
    requireNonNull(issuedBefore, "issuedBefore");
    upsert("UPDATE authkit_revoked_subject SET issued_before = GREATEST(issued_before, ?)"
            + " WHERE issuer = ? AND subject = ?",
        "INSERT INTO authkit_revoked_subject (issued_before, issuer, subject) VALUES (?, ?, ?)",
        issuedBefore, issuer, subject, "revoking a subject");
    if (subjects != null) {
      subjects.invalidate(key(issuer, subject));
    }
  }

  @Override
  public boolean isRevoked(String issuer, @Nullable String tokenId, String subject, @Nullable Instant issuedAt) {
    requireNonNull(issuer, "issuer");
    requireNonNull(subject, "subject");
    String tokenKey = tokenId == null ? null : key(issuer, tokenId);
    String subjectKey = key(issuer, subject);
    Boolean tokenRevoked = tokenKey == null ? Boolean.FALSE : tokens == null ? null : tokens.getIfPresent(tokenKey);
    Optional<Instant> cutOff = subjects == null ? null : subjects.getIfPresent(subjectKey);
    if (tokenRevoked == null || cutOff == null) {
      Lookup lookup = query(issuer, tokenId, subject);
      tokenRevoked = lookup.tokenRevoked;
      cutOff = lookup.cutOff;
      if (tokens != null && tokenKey != null) {
        tokens.put(tokenKey, tokenRevoked);
      }
      if (subjects != null) {
        subjects.put(subjectKey, cutOff);
      }
    }
    if (tokenRevoked) {
      return true;
    }
    return cutOff.isPresent() && (issuedAt == null || issuedAt.isBefore(cutOff.get()));
  }

  /**
   * Deletes token entries past their {@code exp} and subject entries older than the subject
   * retention (default 24 hours after their cut-off).
   *
   * @return the number of rows deleted
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  public int purgeExpired() {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement deleteTokens = connection.prepareStatement(
            "DELETE FROM authkit_revoked_token WHERE expires_at < ?");
        PreparedStatement deleteSubjects = connection.prepareStatement(
            "DELETE FROM authkit_revoked_subject WHERE issued_before < ?")) {
      Jdbc.setInstant(deleteTokens, 1, now);
      Jdbc.setInstant(deleteSubjects, 1, now.minus(subjectRetention));
      return deleteTokens.executeUpdate() + deleteSubjects.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("purging revocations", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcRevocationList[cacheTtl=" + cacheTtl + ", subjectRetention=" + subjectRetention + "]";
  }

  private Lookup query(String issuer, @Nullable String tokenId, String subject) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT (SELECT COUNT(*) FROM authkit_revoked_token WHERE issuer = ? AND token_id = ?) AS tokens,"
                + " (SELECT MAX(issued_before) FROM authkit_revoked_subject WHERE issuer = ? AND subject = ?)"
                + " AS cut_off")) {
      statement.setString(1, issuer);
      // No jti: an id that cannot be stored (empty) matches nothing.
      statement.setString(2, tokenId == null ? "" : tokenId);
      statement.setString(3, issuer);
      statement.setString(4, subject);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return new Lookup(rows.getLong("tokens") > 0, Optional.ofNullable(Jdbc.getInstant(rows, "cut_off")));
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("checking revocations", e);
    }
  }

  private void upsert(String update, String insert, Instant value, String issuer, String id, String what) {
    try (Connection connection = dataSource.getConnection()) {
      for (int attempt = 0; attempt < 2; attempt++) {
        if (execute(connection, update, value, issuer, id) > 0) {
          return;
        }
        try {
          execute(connection, insert, value, issuer, id);
          return;
        } catch (SQLException e) {
          if (!Jdbc.isDuplicateKey(e)) {
            throw e;
          }
          // Another instance inserted the same row first: update it instead.
        }
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable(what, e);
    }
  }

  private static int execute(Connection connection, String sql, Instant value, String issuer, String id)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Jdbc.setInstant(statement, 1, value);
      statement.setString(2, issuer);
      statement.setString(3, id);
      return statement.executeUpdate();
    }
  }

  private static String key(String issuer, String value) {
    return issuer + '\u0000' + value;
  }

  private static final class Lookup {
    final boolean tokenRevoked;
    final Optional<Instant> cutOff;

    Lookup(boolean tokenRevoked, Optional<Instant> cutOff) {
      this.tokenRevoked = tokenRevoked;
      this.cutOff = cutOff;
    }
  }

  /** Configures a {@link JdbcRevocationList}; each option may be set once. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable Clock clock;
    private @Nullable Duration cacheTtl;
    private @Nullable Duration subjectRetention;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** Sets the time source for the cache and {@link #purgeExpired()}. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock value) {
      checkUnset(clock, "clock");
      this.clock = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how long answers are cached, which bounds how long a revocation takes to reach this
     * instance. Zero disables the cache (one query per verified token). Default 30 seconds.
     *
     * @param value from zero to 5 minutes
     * @return this builder
     */
    public Builder cacheTtl(Duration value) {
      checkUnset(cacheTtl, "cacheTtl");
      requireNonNull(value, "value");
      if (value.isNegative() || value.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("cacheTtl must be between 0 and 5 minutes, was " + value);
      }
      this.cacheTtl = value;
      return this;
    }

    /**
     * Sets how long {@link #purgeExpired()} keeps a subject entry after its cut-off; set it to at
     * least your issuers' longest token lifetime. Default 24 hours.
     *
     * @param value positive
     * @return this builder
     */
    public Builder subjectRetention(Duration value) {
      checkUnset(subjectRetention, "subjectRetention");
      requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("subjectRetention must be positive, was " + value);
      }
      this.subjectRetention = value;
      return this;
    }

    /** Builds the list. */
    public JdbcRevocationList build() {
      return new JdbcRevocationList(this);
    }
  }
}
