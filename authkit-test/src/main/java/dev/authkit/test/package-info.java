/**
 * authkit's test kit: {@link dev.authkit.test.FakeIssuer} (a real issuer on loopback: discovery,
 * JWK set, key rotation and failures on command), {@link dev.authkit.test.TokenBuilder},
 * the {@link dev.authkit.test.HostileTokens} catalogue, {@link dev.authkit.test.ApiKeyFixtures} and
 * a strict {@link dev.authkit.test.Challenge} parser. JUnit 5 support is in
 * {@code dev.authkit.test.junit}, AssertJ assertions in {@code dev.authkit.test.assertj}.
 *
 * <pre>{@code
 * try (FakeIssuer issuer = FakeIssuer.start()) {
 *   AuthPrincipal caller = issuer.authenticator().authenticate(issuer.token().scopes("orders:read").sign());
 * }
 * }</pre>
 */
@NullMarked
package dev.authkit.test;

import org.jspecify.annotations.NullMarked;
