package dev.authkit.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.internal.apikey.ApiKeyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * BR-26, deterministic part: the secret is never a lookup key, the stored value is a fixed-length
 * digest compared with {@code MessageDigest.isEqual}, and no API-key source compares secrets with
 * {@code String.equals}/{@code Arrays.equals}. The statistical timing test is
 * {@link ApiKeyTimingTest}, outside the default run.
 */
class ApiKeyComparisonStructureTest {

  @Test
  void authenticateWhenKeyPresentedThenStoreIsAskedOnlyForThePublicKeyId() {
    InMemoryApiKeyStore backing = new InMemoryApiKeyStore();
    List<String> lookedUp = new CopyOnWriteArrayList<>();
    ApiKeyStore recording = new ApiKeyStore() {
      @Override
      public void insert(ApiKeyRecord record) {
        backing.insert(record);
      }

      @Override
      public Optional<ApiKeyRecord> find(String keyId) {
        lookedUp.add(keyId);
        return backing.find(keyId);
      }

      @Override
      public boolean revoke(String keyId, java.time.Instant at) {
        return backing.revoke(keyId, at);
      }

      @Override
      public boolean expire(String keyId, java.time.Instant at) {
        return backing.expire(keyId, at);
      }

      @Override
      public void recordLastUsed(java.util.Map<String, java.time.Instant> lastUsed) {
        backing.recordLastUsed(lastUsed);
      }
    };
    IssuedApiKey key = ApiKeyIssuer.builder().prefix("ak_test").store(recording).build().newKey("svc").issue();
    ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder().store(recording).prefixes("ak_test")
        .cacheTtl(java.time.Duration.ZERO).build();
    String k = key.plaintext();
    String secret = k.substring(k.length() - ApiKeyFormat.CHECKSUM_LENGTH - ApiKeyFormat.SECRET_LENGTH,
        k.length() - ApiKeyFormat.CHECKSUM_LENGTH);

    authenticator.authenticate(k);
    String body = k.substring(0, k.length() - ApiKeyFormat.CHECKSUM_LENGTH);
    String wrong = ApiKeyTesting.recheck(body.substring(0, body.length() - 1) + (body.endsWith("a") ? "b" : "a"));
    ApiKeyTesting.assertRejected(() -> authenticator.authenticate(wrong), dev.authkit.Reason.INVALID_API_KEY);

    assertThat(lookedUp).containsExactly(key.keyId(), key.keyId());
    assertThat(lookedUp).allSatisfy(id -> assertThat(id).doesNotContain(secret).hasSize(ApiKeyFormat.KEY_ID_LENGTH));
    assertThat(key.record().secretHash()).hasSize(ApiKeyRecord.HASH_LENGTH);
  }

  @Test
  void sourcesWhenScannedThenHashesComparedOnlyWithMessageDigestIsEqual() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Stream.concat(
        Files.list(Path.of("src/main/java/dev/authkit/apikey")),
        Files.list(Path.of("src/main/java/dev/authkit/internal/apikey")))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    assertThat(sources).hasSizeGreaterThan(5);
    StringBuilder all = new StringBuilder();
    for (Path source : sources) {
      String text = Files.readString(source);
      all.append(text);
      assertThat(text).as(source.toString())
          .doesNotContain("Arrays.equals(")
          .doesNotContainPattern("(?i)(secret|hash|plaintext|presented)\\w*(\\(\\))?\\.equals\\(")
          .doesNotContainPattern("(?i)\\b(key|plaintext)(\\(\\))?\\.equals\\(")
          .doesNotContainPattern("\\.equals\\(\\s*(presented\\w*|key|plaintext|secret\\w*)\\s*\\)");
    }
    String hashing = Files.readString(Path.of("src/main/java/dev/authkit/apikey/ApiKeyHashing.java"));
    assertThat(hashing).contains("MessageDigest.isEqual(hash(presentedKey), storedHash)");
    assertThat(all.toString()).containsOnlyOnce("MessageDigest.isEqual(");
  }
}
