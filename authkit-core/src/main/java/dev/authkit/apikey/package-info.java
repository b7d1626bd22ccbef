/**
 * API keys for server-to-server callers: issue ({@link dev.authkit.apikey.ApiKeyIssuer}), store
 * hashed ({@link dev.authkit.apikey.ApiKeyStore}), verify
 * ({@link dev.authkit.apikey.ApiKeyAuthenticator}), rotate, revoke and rate-limit.
 *
 * <p>Format (DESIGN decision 9): {@code <prefix>_<keyId>_<secret><checksum>}, e.g.
 * {@code sk_live_4fQ9xT2mLp0a_...}. The key id is public and used for lookup; only a SHA-256 (or
 * HMAC-SHA-256 with a pepper) of the key is stored; the plaintext exists once, in
 * {@link dev.authkit.apikey.IssuedApiKey}. JDBC storage lives in {@link dev.authkit.jdbc}.
 */
@NullMarked
package dev.authkit.apikey;

import org.jspecify.annotations.NullMarked;
