/**
 * authkit's principal, failure and event model, shared by every credential kind and adapter.
 *
 * <p>Start with {@link dev.authkit.jwt.JwtAuthenticator} to verify Bearer JWT access tokens.
 * Every verifier returns an {@link dev.authkit.AuthPrincipal} or throws an
 * {@link dev.authkit.AuthenticationException} carrying a {@link dev.authkit.Reason}.
 */
@NullMarked
package dev.authkit;

import org.jspecify.annotations.NullMarked;
