package dev.authkit.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.VerificationUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Where an issuer's signature-verification keys come from: static configuration ({@link StaticKeys})
 * or the issuer's {@code jwks_uri} fetched over HTTPS ({@link JwkSetSource}; RFC 7517 §5, RFC 8414 §2).
 *
 * <p>A source only supplies keys. {@link JwtAuthenticator} applies authkit's key policy to every
 * set it receives (private, symmetric, weak, off-curve and non-signing keys are refused one by one,
 * each with a {@code KEY_REJECTED} event) and caches the outcome for as long as the source returns
 * the same {@link JWKSet} instance, so a source should return one instance per fetch.
 *
 * <p>Implementations must be thread-safe; calls arrive from request threads.
 */
public interface KeySource extends AutoCloseable {

  /**
   * Returns the current key set. May block for the first fetch of a remote source.
   *
   * @return the keys; never null, may be empty
   * @throws VerificationUnavailableException with {@code KEYS_UNAVAILABLE} when no usable set can be
   *     obtained (for a remote source: never fetched, or the last good set is older than max-stale)
   */
  JWKSet keys();

  /**
   * Called when a token names a key ({@code kid}, or no {@code kid} and no single match) that the
   * current set lacks. A remote source may refresh, within its own rate limit; a static source
   * returns {@link #keys()}.
   *
   * @param keyId the token's {@code kid}, or null when the token has none; never used as a URL or path
   * @return the key set to search again; never null
   * @throws VerificationUnavailableException as {@link #keys()}
   */
  default JWKSet keysAfterUnknownKey(@Nullable String keyId) {
    return keys();
  }

  /** Releases threads and connections the source owns. Static sources hold none. Idempotent. */
  @Override
  default void close() {}
}
