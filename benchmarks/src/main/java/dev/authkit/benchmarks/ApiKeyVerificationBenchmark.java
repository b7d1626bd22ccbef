package dev.authkit.benchmarks;

import dev.authkit.AuthPrincipal;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.jdbc.JdbcApiKeyStore;
import dev.authkit.jdbc.JdbcDialect;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * API-key verification cost. {@code cachedKey}: the hot path (record in the Caffeine cache: parse,
 * CRC32, SHA-256, constant-time compare, principal). {@code cachedKeyWithRateLimit}: the same plus a
 * local Bucket4j bucket. {@code uncachedH2}: cache disabled, one H2 in-memory query per call (the
 * cold path, minus network). {@code badChecksum}: a mistyped key, rejected offline.
 * Run with the command in {@code benchmarks/README.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApiKeyVerificationBenchmark {

  private ApiKeyAuthenticator cached;
  private ApiKeyAuthenticator cachedLimited;
  private String key;
  private String badChecksumKey;
  private ApiKeyAuthenticator uncachedH2;
  private String h2Key;

  @Setup
  public void setUp() {
    InMemoryApiKeyStore memory = new InMemoryApiKeyStore();
    key = ApiKeyIssuer.builder().prefix("sk_live").store(memory).build()
        .newKey("bench").scopes("orders:read").issue().plaintext();
    cached = ApiKeyAuthenticator.builder().store(memory).prefixes("sk_live").build();
    cachedLimited = ApiKeyAuthenticator.builder().store(memory).prefixes("sk_live")
        .defaultRateLimit(ApiKeyRateLimit.of(1_000_000_000L, Duration.ofSeconds(1))).build();
    badChecksumKey = key.substring(0, key.length() - 6) + (key.endsWith("000000") ? "000001" : "000000");
    cached.authenticate(key);
    cachedLimited.authenticate(key);

    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcDialect.H2.createTables(h2);
    JdbcApiKeyStore jdbc = new JdbcApiKeyStore(h2);
    h2Key = ApiKeyIssuer.builder().prefix("sk_live").store(jdbc).build().newKey("bench").issue().plaintext();
    uncachedH2 = ApiKeyAuthenticator.builder().store(jdbc).prefixes("sk_live").cacheTtl(Duration.ZERO).build();
    uncachedH2.authenticate(h2Key);
  }

  @Benchmark
  public AuthPrincipal cachedKey() {
    return cached.authenticate(key);
  }

  @Benchmark
  public AuthPrincipal cachedKeyWithRateLimit() {
    return cachedLimited.authenticate(key);
  }

  @Benchmark
  public AuthPrincipal uncachedH2() {
    return uncachedH2.authenticate(h2Key);
  }

  @Benchmark
  public Reason badChecksum() {
    try {
      cached.authenticate(badChecksumKey);
      throw new IllegalStateException("accepted a bad checksum");
    } catch (CredentialRejectedException expected) {
      return expected.reason();
    }
  }
}
