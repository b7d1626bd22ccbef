/**
 * Verification of JWT access tokens (RFC 7519, RFC 9068) signed as compact JWS (RFC 7515).
 *
 * <p>Entry point: {@link dev.authkit.jwt.JwtAuthenticator}.
 */
@NullMarked
package dev.authkit.jwt;

import org.jspecify.annotations.NullMarked;
