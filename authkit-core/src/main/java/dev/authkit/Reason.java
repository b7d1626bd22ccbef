package dev.authkit;

/**
 * Why authkit did not produce a principal, or refused access.
 *
 * <p>The reason goes to logs and {@link AuthEvent}s only. Clients see a fixed error code and
 * description chosen by reason (RFC 6750 §3.1), never a claim value or library message.
 */
public enum Reason {
  /** The HTTP request itself is broken: the {@code Authorization} header is against the RFC 6750 §2.1 grammar, empty or duplicated (400). */
  MALFORMED_REQUEST,
  /** The token or key cannot be parsed: not three strict base64url segments, not JSON, not a JSON object (401). */
  MALFORMED,
  /** The token is larger than the configured cap, checked before any decoding (401). */
  TOO_LARGE,
  /** A JWE, a JWS in JSON serialization, an unencoded payload (RFC 7797) or an unsecured JWT (401). */
  UNSUPPORTED_TOKEN_FORMAT,
  /** The JWS {@code alg} is not allowed for the issuer, or does not agree with the selected key (RFC 8725 §3.1). Includes {@code none} in any spelling. */
  ALGORITHM_NOT_ALLOWED,
  /** The JWS header has a {@code crit} parameter naming an extension authkit does not understand (RFC 7515 §4.1.11). */
  CRIT_UNSUPPORTED,
  /** No single trusted key matches the token's {@code kid}, {@code alg} and key type. */
  UNKNOWN_KEY,
  /** The key named by the token was published but refused by authkit's key policy (private, symmetric, weak, wrong use). */
  KEY_REJECTED,
  /** The signature does not verify with the selected key, or is out of range (CVE-2022-21449). */
  BAD_SIGNATURE,
  /** The {@code typ} header is not an access-token type, or the token is an ID token (RFC 9068 §2.1, RFC 8725 §3.11). */
  TYPE_MISMATCH,
  /** The {@code iss} claim is not a trusted issuer (RFC 7519 §4.1.1). */
  ISSUER_MISMATCH,
  /** No {@code aud} value equals a configured audience (RFC 7519 §4.1.3). */
  AUDIENCE_MISMATCH,
  /** The current time is at or past {@code exp} plus the allowed clock skew (RFC 7519 §4.1.4). */
  EXPIRED,
  /** The current time is before {@code nbf} minus the allowed clock skew (RFC 7519 §4.1.5). */
  NOT_YET_VALID,
  /** {@code iat} is later than now plus the allowed clock skew (RFC 7519 §4.1.6). */
  ISSUED_IN_FUTURE,
  /** {@code exp - iat} exceeds the configured maximum lifetime, or the token is older than the allowed age. */
  LIFETIME_TOO_LONG,
  /** A required claim is absent ({@code exp}, {@code sub}, {@code iss}, {@code aud}, or one configured as required). */
  MISSING_CLAIM,
  /** A claim has the wrong JSON type or an absurd value, or a configured claim rule failed. */
  INVALID_CLAIM,
  /** The token carries a {@code cnf} confirmation (RFC 7800, RFC 8705, RFC 9449) whose binding authkit does not verify. */
  SENDER_CONSTRAINED,
  /** The token or key was revoked. */
  REVOKED,
  /** The API key is badly formed, fails its checksum, or is unknown. */
  INVALID_API_KEY,
  /** The API key is past its expiry (including the end of a rotation grace period). */
  API_KEY_EXPIRED,
  /** The API key exceeded its rate limit (429). */
  RATE_LIMITED,
  /** The request carries two credentials, or two {@code Authorization} headers (400). */
  AMBIGUOUS_CREDENTIALS,
  /** A credential arrived over plain HTTP where HTTPS is required (403). */
  HTTPS_REQUIRED,
  /** The caller lacks a scope the resource requires (403, RFC 6750 §3.1 {@code insufficient_scope}). */
  INSUFFICIENT_SCOPE,
  /** The caller lacks a role the resource requires (403). */
  INSUFFICIENT_ROLE,
  /** An access rule or policy denied the request (403). */
  ACCESS_DENIED,
  /** The issuer's keys cannot be obtained right now; the token may be fine (503). */
  KEYS_UNAVAILABLE,
  /** The API-key or revocation store cannot be reached right now (503). */
  STORE_UNAVAILABLE
}
