package dev.authkit.jwt;

import dev.authkit.VerificationUnavailableException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Tokens revoked before they expire: single tokens by {@code jti} (RFC 7519 §4.1.7), and all tokens
 * of a subject issued before an instant (e.g. after a password reset).
 *
 * <p>{@link JwtAuthenticator} consults it for every token after the signature and claims verify; a
 * hit rejects with {@code REVOKED}. Implementations: {@link InMemoryRevocationList} for one
 * instance; a JDBC implementation shares revocations between instances.
 *
 * <p>Implementations must be thread-safe.
 */
public interface RevocationList {

  /**
   * Revokes one token.
   *
   * @param issuer the token's {@code iss}; not null
   * @param tokenId the token's {@code jti}; not null
   * @param expiresAt the token's {@code exp}: the entry may be forgotten after it; not null
   * @throws VerificationUnavailableException with {@code STORE_UNAVAILABLE} if a backing store fails
   */
  void revokeToken(String issuer, String tokenId, Instant expiresAt);

  /**
   * Revokes every token of a subject issued before an instant. Tokens without {@code iat} are
   * treated as issued before it.
   *
   * @param issuer the tokens' {@code iss}; not null
   * @param subject the tokens' {@code sub}; not null
   * @param issuedBefore tokens with {@code iat} strictly before this are revoked; not null
   * @throws VerificationUnavailableException with {@code STORE_UNAVAILABLE} if a backing store fails
   */
  void revokeSubject(String issuer, String subject, Instant issuedBefore);

  /**
   * Tells whether a verified token is revoked.
   *
   * @param issuer the token's {@code iss}; not null
   * @param tokenId the token's {@code jti}, or null when it has none
   * @param subject the token's subject; not null
   * @param issuedAt the token's {@code iat}, or null when it has none
   * @return true when revoked
   * @throws VerificationUnavailableException with {@code STORE_UNAVAILABLE} if a backing store fails;
   *     the request then gets 503, never a silent accept
   */
  boolean isRevoked(String issuer, @Nullable String tokenId, String subject, @Nullable Instant issuedAt);
}
