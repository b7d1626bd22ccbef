package dev.authkit.jdbc;

import static dev.authkit.apikey.ApiKeyTesting.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.ApiKeyRecord;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.apikey.ApiKeyTesting;
import dev.authkit.testing.CountingDataSource;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The JDBC store and revocation list against one database; run against H2 and real PostgreSQL by
 * the subclasses. Counts statements per operation through {@link CountingDataSource}.
 */
abstract class JdbcContractTest {

  final MutableClock clock = MutableClock.at(Tokens.T0);
  CountingDataSource dataSource;
  JdbcApiKeyStore store;
  ApiKeyAuthenticator authenticator;
  ApiKeyIssuer issuer;

  void open(DataSource target) {
    dataSource = new CountingDataSource(target);
    store = new JdbcApiKeyStore(dataSource);
    authenticator = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock).build();
    issuer = ApiKeyIssuer.builder().prefix("sk_live").store(store).clock(clock).invalidates(authenticator).build();
  }

  @Test
  void findWhenInsertedThenEveryFieldRoundTrips() {
    IssuedApiKey key = issuer.newKey("billing").tenant("acme").scopes("a:read", "b:write").roles("admin", "ops")
        .expiresIn(Duration.ofDays(30)).rateLimit(ApiKeyRateLimit.of(50, Duration.ofSeconds(10))).issue();

    ApiKeyRecord found = store.find(key.keyId()).orElseThrow();

    ApiKeyRecord expected = key.record();
    assertThat(found.keyId()).isEqualTo(expected.keyId());
    assertThat(found.prefix()).isEqualTo("sk_live");
    assertThat(found.secretHash()).isEqualTo(expected.secretHash());
    assertThat(found.subject()).isEqualTo("billing");
    assertThat(found.tenant()).contains("acme");
    assertThat(found.scopes()).containsExactly("a:read", "b:write");
    assertThat(found.roles()).containsExactly("admin", "ops");
    assertThat(found.createdAt()).isEqualTo(Instant.ofEpochSecond(Tokens.T0));
    assertThat(found.expiresAt()).contains(Instant.ofEpochSecond(Tokens.T0).plus(Duration.ofDays(30)));
    assertThat(found.revokedAt()).isEmpty();
    assertThat(found.lastUsedAt()).isEmpty();
    assertThat(found.rateLimit()).contains(ApiKeyRateLimit.of(50, Duration.ofSeconds(10)));
    assertThat(store.find("ZZZZZZZZZZZZ")).isEmpty();
    IssuedApiKey bare = issuer.newKey("bare").issue();
    ApiKeyRecord bareFound = store.find(bare.keyId()).orElseThrow();
    assertThat(bareFound.scopes()).isEmpty();
    assertThat(bareFound.tenant()).isEmpty();
    assertThat(bareFound.rateLimit()).isEmpty();
  }

  @Test
  void insertWhenKeyIdExistsThenIllegalState() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    assertThatThrownBy(() -> store.insert(key.record())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void revokeAndExpireWhenCalledTwiceThenEarlierInstantKeptAndUnknownIdFalse() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    Instant t = Instant.ofEpochSecond(Tokens.T0 + 100);

    assertThat(store.revoke(key.keyId(), t)).isTrue();
    assertThat(store.revoke(key.keyId(), t.plusSeconds(50))).isTrue();
    assertThat(store.expire(key.keyId(), t.plusSeconds(10))).isTrue();
    assertThat(store.expire(key.keyId(), t.plusSeconds(20))).isTrue();
    assertThat(store.revoke("ZZZZZZZZZZZZ", t)).isFalse();
    assertThat(store.expire("ZZZZZZZZZZZZ", t)).isFalse();

    ApiKeyRecord found = store.find(key.keyId()).orElseThrow();
    assertThat(found.revokedAt()).contains(t);
    assertThat(found.expiresAt()).contains(t.plusSeconds(10));
  }

  @Test
  void recordLastUsedWhenBatchThenOnlyMovesForwardInOneStatement() {
    IssuedApiKey a = issuer.newKey("a").issue();
    IssuedApiKey b = issuer.newKey("b").issue();
    Instant t = Instant.ofEpochSecond(Tokens.T0 + 60);
    dataSource.reset();

    store.recordLastUsed(Map.of(a.keyId(), t, b.keyId(), t.plusSeconds(5), "ZZZZZZZZZZZZ", t));
    assertThat(dataSource.statements()).isEqualTo(1);
    store.recordLastUsed(Map.of(a.keyId(), t.minusSeconds(30)));

    assertThat(store.find(a.keyId()).orElseThrow().lastUsedAt()).contains(t);
    assertThat(store.find(b.keyId()).orElseThrow().lastUsedAt()).contains(t.plusSeconds(5));
  }

  /** BR-27: every column of the table holds the public id, prefix, hash and metadata, never the secret. */
  @Test
  void dumpWhenKeyIssuedThenNoSecretInAnyColumnAndStoredHashDoesNotAuthenticate() throws Exception {
    IssuedApiKey key = issuer.newKey("svc").tenant("acme").scopes("s").issue();
    String k = key.plaintext();
    String secret = k.substring(k.length() - 28, k.length() - 6);
    byte[] secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
    List<String> forbidden = List.of(k, secret, HexFormat.of().formatHex(secretBytes),
        HexFormat.of().withUpperCase().formatHex(secretBytes), Base64.getEncoder().encodeToString(secretBytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes));

    List<String> cells = new ArrayList<>();
    byte[] storedHash = null;
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM authkit_api_key")) {
      ResultSetMetaData meta = rows.getMetaData();
      assertThat(rows.next()).isTrue();
      for (int column = 1; column <= meta.getColumnCount(); column++) {
        Object value = rows.getObject(column);
        if (value instanceof byte[]) {
          byte[] bytes = (byte[]) value;
          storedHash = bytes;
          cells.add(HexFormat.of().formatHex(bytes));
          cells.add(Base64.getEncoder().encodeToString(bytes));
          cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
        } else {
          cells.add(String.valueOf(value));
        }
      }
      assertThat(rows.next()).isFalse();
    }

    assertThat(cells).contains(key.keyId(), "sk_live");
    assertThat(storedHash).hasSize(32);
    for (String cell : cells) {
      for (String secretForm : forbidden) {
        assertThat(cell).doesNotContain(secretForm);
      }
    }
    String hex = HexFormat.of().formatHex(storedHash);
    for (String presented : List.of(hex, Base64.getEncoder().encodeToString(storedHash),
        ApiKeyTesting.recheck("sk_live_" + key.keyId() + "_" + hex.substring(0, 22)))) {
      assertRejected(() -> authenticator.authenticate(presented), Reason.INVALID_API_KEY);
    }
    assertThat(authenticator.authenticate(k).subject()).isEqualTo("svc");
  }

  /** The figures in the README: statements per verification, cold and warm. */
  @Test
  void authenticateWhenColdThenOneQueryAndWhenWarmThenNone() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    dataSource.reset();

    authenticator.authenticate(key.plaintext());
    assertThat(dataSource.statements()).as("cold").isEqualTo(1);
    for (int i = 0; i < 1000; i++) {
      authenticator.authenticate(key.plaintext());
    }
    assertThat(dataSource.statements()).as("1000 warm").isEqualTo(1);

    String unknown = ApiKeyTesting.recheck("sk_live_" + "Q".repeat(12) + "_" + "R".repeat(22));
    for (int i = 0; i < 1000; i++) {
      assertRejected(() -> authenticator.authenticate(unknown), Reason.INVALID_API_KEY);
    }
    assertThat(dataSource.statements()).as("1000 of one unknown key: one lookup").isEqualTo(2);
    assertRejected(() -> authenticator.authenticate(unknown.substring(0, unknown.length() - 1) + "x"),
        Reason.INVALID_API_KEY);
    assertThat(dataSource.statements()).as("bad checksum: no lookup").isEqualTo(2);

    clock.advance(ApiKeyAuthenticator.DEFAULT_CACHE_TTL);
    authenticator.authenticate(key.plaintext());
    assertThat(dataSource.statements()).as("after the 30 s TTL: one reload").isEqualTo(3);
    clock.advance(ApiKeyAuthenticator.DEFAULT_CACHE_TTL);
    authenticator.authenticate(key.plaintext());
    assertThat(dataSource.statements()).as("after 60 s: reload + one batched last-used UPDATE").isEqualTo(5);
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt()).contains(clock.instant());
  }

  @Test
  void authenticateWhenDatabaseDownThenStoreUnavailableAndRecoversAfter() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    dataSource.down(true);

    assertThatThrownBy(() -> authenticator.authenticate(key.plaintext()))
        .isInstanceOf(VerificationUnavailableException.class)
        .extracting(e -> ((VerificationUnavailableException) e).reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThatThrownBy(() -> issuer.revoke(key.keyId())).isInstanceOf(VerificationUnavailableException.class);

    dataSource.down(false);
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("svc");
  }

  @Test
  void revocationListWhenTokenAndSubjectRevokedThenSeenWithOneQueryColdAndNoneWarm() {
    JdbcRevocationList list = JdbcRevocationList.builder(dataSource).clock(clock).build();
    Instant iat = Instant.ofEpochSecond(Tokens.T0 - 10);
    dataSource.reset();

    assertThat(list.isRevoked("iss", "jti-1", "alice", iat)).isFalse();
    assertThat(dataSource.statements()).isEqualTo(1);
    assertThat(list.isRevoked("iss", "jti-1", "alice", iat)).isFalse();
    assertThat(dataSource.statements()).isEqualTo(1);

    list.revokeToken("iss", "jti-1", Instant.ofEpochSecond(Tokens.T0 + 300));
    list.revokeToken("iss", "jti-1", Instant.ofEpochSecond(Tokens.T0 + 300)); // idempotent
    assertThat(list.isRevoked("iss", "jti-1", "alice", iat)).isTrue();
    assertThat(list.isRevoked("other-iss", "jti-1", "alice", iat)).isFalse();
    assertThat(list.isRevoked("iss", "jti-2", "alice", iat)).isFalse();

    list.revokeSubject("iss", "bob", Instant.ofEpochSecond(Tokens.T0));
    assertThat(list.isRevoked("iss", "jti-3", "bob", iat)).isTrue();
    assertThat(list.isRevoked("iss", null, "bob", null)).isTrue();
    assertThat(list.isRevoked("iss", "jti-4", "bob", Instant.ofEpochSecond(Tokens.T0))).isFalse();

    clock.advance(Duration.ofDays(2));
    assertThat(list.purgeExpired()).isEqualTo(2);
  }

  @Test
  void ddlWhenAppliedTwiceThenIdempotent() {
    dialect().createTables(dataSource);
    assertThat(dialect().ddlStatements()).isNotEmpty();
    assertThat(Set.of(dialect().ddlResource())).allSatisfy(r -> assertThat(r).startsWith("dev/authkit/jdbc/"));
  }

  abstract JdbcDialect dialect();
}
