package dev.authkit.apikey;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * How API keys are hashed for storage: SHA-256 (FIPS 180-4) of the whole key, or HMAC-SHA-256
 * (RFC 2104) keyed with a server-side pepper held outside the database.
 *
 * <p>Keys carry about 131 bits of {@code SecureRandom} secret, so a fast hash is enough: nobody can
 * guess such a key from its hash, and a slow password hash would only cost CPU on every request.
 * A pepper adds that a stolen database alone does not even let an attacker test candidate keys.
 * The issuer and every authenticator of a store must use the same hashing.
 *
 * <p>The whole key text ({@code prefix_keyId_secret+checksum}) is hashed, so the hash also binds the
 * prefix and key id. Immutable and thread-safe.
 */
public final class ApiKeyHashing {

  /** The smallest pepper {@link #hmacSha256(SecretKey)} accepts: 32 bytes. */
  public static final int MIN_PEPPER_BYTES = 32;

  private final @Nullable Mac prototype;

  private ApiKeyHashing(@Nullable Mac prototype) {
    this.prototype = prototype;
  }

  /** Returns plain SHA-256 hashing (the default). */
  public static ApiKeyHashing sha256() {
    return new ApiKeyHashing(null);
  }

  /**
   * Returns HMAC-SHA-256 hashing with a pepper.
   *
   * @param pepper the server-side secret; at least 32 bytes; keep it out of the database
   * @return the hashing
   * @throws IllegalArgumentException if the pepper is shorter than 32 bytes or unusable for HmacSHA256
   */
  public static ApiKeyHashing hmacSha256(SecretKey pepper) {
    requireNonNull(pepper, "pepper");
    byte[] encoded = pepper.getEncoded();
    if (encoded == null || encoded.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("the pepper must be at least " + MIN_PEPPER_BYTES + " bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(pepper);
      return new ApiKeyHashing(mac);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("the pepper cannot be used for HmacSHA256", e);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", impossible);
    }
  }

  /** Hashes a key: 32 bytes. */
  byte[] hash(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
    if (prototype == null) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
      }
    }
    return mac().doFinal(bytes);
  }

  private Mac mac() {
    try {
      // Mac is not thread-safe; a clone of the initialised prototype avoids re-keying per call.
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the HmacSHA256 provider does not support clone()", e);
    }
  }

  /**
   * Compares a presented key with a stored hash in constant time ({@link MessageDigest#isEqual}
   * on two 32-byte digests), so the time taken does not depend on where they differ (BR-26).
   */
  boolean matches(String presentedKey, byte[] storedHash) {
    return MessageDigest.isEqual(hash(presentedKey), storedHash);
  }

  @Override
  public String toString() {
    return prototype == null ? "ApiKeyHashing[SHA-256]" : "ApiKeyHashing[HMAC-SHA-256 with pepper]";
  }

}
