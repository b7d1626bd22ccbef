package dev.authkit.test.assertj;

import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.http.AuthResponse;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a rejection: the {@link Reason}, and what a client would see (status, RFC 6750 error
 * code) from authkit's response table. Obtain through {@link AuthKitAssertions#assertThatRejection},
 * {@link AuthKitAssertions#assertThat(AuthenticationException)}, or from AssertJ's
 * {@code assertThatThrownBy} with {@link AuthKitAssertions#AUTHENTICATION_EXCEPTION}.
 *
 * <pre>{@code
 * assertThatRejection(() -> authenticator.authenticate(expired))
 *     .isRejection().hasReason(Reason.EXPIRED).hasErrorCode("invalid_token").hasStatus(401);
 *
 * assertThatThrownBy(() -> authenticator.authenticate(expired))
 *     .asInstanceOf(AUTHENTICATION_EXCEPTION).hasReason(Reason.EXPIRED);
 * }</pre>
 */
public final class AuthenticationExceptionAssert
    extends AbstractThrowableAssert<AuthenticationExceptionAssert, AuthenticationException> {

  AuthenticationExceptionAssert(@Nullable AuthenticationException actual) {
    super(actual, AuthenticationExceptionAssert.class);
  }

  /** Verifies the reason. */
  public AuthenticationExceptionAssert hasReason(Reason expected) {
    isNotNull();
    if (actual.reason() != expected) {
      failWithMessage("Expected reason <%s> but was <%s> (%s)", expected, actual.reason(), actual.getMessage());
    }
    return this;
  }

  /**
   * Verifies the RFC 6750 §3.1 error code a client receives for this reason
   * ({@link AuthResponse#errorCodeOf(Reason)}): {@code invalid_request}, {@code invalid_token} or
   * {@code insufficient_scope}.
   */
  public AuthenticationExceptionAssert hasErrorCode(String expected) {
    isNotNull();
    Optional<String> code = AuthResponse.errorCodeOf(actual.reason());
    if (!code.equals(Optional.of(expected))) {
      failWithMessage("Expected error code <%s> but reason <%s> answers with <%s>", expected, actual.reason(),
          code.orElse("(no error code)"));
    }
    return this;
  }

  /** Verifies the HTTP status a client receives for this reason ({@link AuthResponse#statusOf(Reason)}). */
  public AuthenticationExceptionAssert hasStatus(int expected) {
    isNotNull();
    int status = AuthResponse.statusOf(actual.reason());
    if (status != expected) {
      failWithMessage("Expected status <%s> but reason <%s> answers with <%s>", expected, actual.reason(), status);
    }
    return this;
  }

  /** Verifies the credential was rejected ({@link CredentialRejectedException}: 400/401/403/429). */
  public AuthenticationExceptionAssert isRejection() {
    isNotNull();
    if (!(actual instanceof CredentialRejectedException)) {
      failWithMessage("Expected a CredentialRejectedException but was <%s> (%s)", actual.getClass().getSimpleName(),
          actual.reason());
    }
    return this;
  }

  /** Verifies authkit could not decide ({@link VerificationUnavailableException}: 503). */
  public AuthenticationExceptionAssert isUnavailable() {
    isNotNull();
    if (!(actual instanceof VerificationUnavailableException)) {
      failWithMessage("Expected a VerificationUnavailableException but was <%s> (%s)",
          actual.getClass().getSimpleName(), actual.reason());
    }
    return this;
  }

  /** Verifies a rate-limit rejection's {@code retryAfter()} equals {@code expected}. */
  public AuthenticationExceptionAssert hasRetryAfter(Duration expected) {
    isRejection();
    Optional<Duration> retryAfter = ((CredentialRejectedException) actual).retryAfter();
    if (!retryAfter.equals(Optional.of(expected))) {
      failWithMessage("Expected retry after <%s> but was <%s>", expected, retryAfter.map(Object::toString).orElse("(absent)"));
    }
    return this;
  }
}
