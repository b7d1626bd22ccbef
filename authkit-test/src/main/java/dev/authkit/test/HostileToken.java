package dev.authkit.test;

import static java.util.Objects.requireNonNull;

import dev.authkit.Reason;

/**
 * One entry of the hostile-token catalogue ({@link HostileTokens}): a token with exactly one defect,
 * its name, what is wrong with it, and the {@link Reason} authkit rejects it with.
 *
 * <pre>{@code
 * HostileToken expired = issuer.hostileTokens().expired();
 * assertThatThrownBy(() -> authenticator.authenticate(expired.token()))
 *     .asInstanceOf(AuthKitAssertions.AUTHENTICATION_EXCEPTION).hasReason(expired.expectedReason());
 * }</pre>
 *
 * <p>Over HTTP every entry is a 401 {@code invalid_token} (RFC 6750 §3.1), except that a container may
 * refuse {@link #mayBeRefusedByContainer() the oversized token} itself, with its own 4xx (Jetty 431,
 * Tomcat 400), before authkit sees it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the name (the token is never printed), so
 * parameterized tests show readable names.
 */
public final class HostileToken {

  private final String name;
  private final String description;
  private final String token;
  private final Reason expectedReason;

  HostileToken(String name, String description, String token, Reason expectedReason) {
    this.name = requireNonNull(name, "name");
    this.description = requireNonNull(description, "description");
    this.token = requireNonNull(token, "token");
    this.expectedReason = requireNonNull(expectedReason, "expectedReason");
  }

  /** Returns the catalogue name, the same as the {@link HostileTokens} method's, e.g. {@code expired}. */
  public String name() {
    return name;
  }

  /** Returns one sentence saying what is wrong with the token. */
  public String description() {
    return description;
  }

  /** Returns the token text (compact JWS, or a JWE for {@code encrypted}). */
  public String token() {
    return token;
  }

  /** Returns {@code "Bearer " + token()}, the {@code Authorization} header value (RFC 6750 §2.1). */
  public String authorizationHeader() {
    return "Bearer " + token;
  }

  /**
   * Returns the reason an authenticator configured like {@link FakeIssuer#authenticator()} (authkit's
   * defaults for this issuer and audience) rejects the token with.
   */
  public Reason expectedReason() {
    return expectedReason;
  }

  /**
   * Returns whether an HTTP container may answer this token with its own 4xx before authkit sees it:
   * true only for the oversized token, whose {@code Authorization} header exceeds the usual 8 KiB
   * header limits of Jetty and Tomcat.
   */
  public boolean mayBeRefusedByContainer() {
    return expectedReason == Reason.TOO_LARGE;
  }

  /** Returns the name; never the token. */
  @Override
  public String toString() {
    return name;
  }
}
