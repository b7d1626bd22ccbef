package dev.authkit.test.assertj;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.http.AuthResponse;
import dev.authkit.test.Challenge;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.InstanceOfAssertFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ entry points for authkit, extending {@link Assertions} so one static import serves both.
 *
 * <pre>{@code
 * import static dev.authkit.test.assertj.AuthKitAssertions.*;
 *
 * assertThat(authenticator.authenticate(issuer.token().scopes("orders:read").sign()))
 *     .hasSubject("test-user").hasScopes("orders:read").wasAuthenticatedBy(AuthenticationMethod.JWT);
 *
 * assertThatRejection(() -> authenticator.authenticate(issuer.hostileTokens().expired().token()))
 *     .hasReason(Reason.EXPIRED).hasErrorCode("invalid_token");
 *
 * assertThatThrownBy(() -> authenticator.authenticate(token))
 *     .asInstanceOf(AUTHENTICATION_EXCEPTION).hasReason(Reason.AUDIENCE_MISMATCH);
 *
 * assertThat(httpResponse).hasStatus(403).bearerChallenge().hasError("insufficient_scope").hasScope("orders:write");
 * }</pre>
 */
public class AuthKitAssertions extends Assertions {

  /**
   * For {@code assertThatThrownBy(..).asInstanceOf(AUTHENTICATION_EXCEPTION)}: fails unless the thrown
   * exception is an {@link AuthenticationException}, then gives {@link AuthenticationExceptionAssert}.
   */
  public static final InstanceOfAssertFactory<AuthenticationException, AuthenticationExceptionAssert>
      AUTHENTICATION_EXCEPTION = new InstanceOfAssertFactory<>(AuthenticationException.class,
          AuthenticationExceptionAssert::new);

  /** Not instantiated; extended only to inherit AssertJ's static methods. */
  protected AuthKitAssertions() {}

  /**
   * Starts assertions on a verified caller.
   *
   * @param actual the principal; null fails every assertion
   * @return the assertions
   */
  public static AuthPrincipalAssert assertThat(@Nullable AuthPrincipal actual) {
    return new AuthPrincipalAssert(actual);
  }

  /**
   * Starts assertions on a caught rejection.
   *
   * @param actual the exception; null fails every assertion
   * @return the assertions
   */
  public static AuthenticationExceptionAssert assertThat(@Nullable AuthenticationException actual) {
    return new AuthenticationExceptionAssert(actual);
  }

  /**
   * Runs {@code call}, which must throw an {@link AuthenticationException}, and starts assertions on it.
   *
   * @param call e.g. {@code () -> authenticator.authenticate(token)}
   * @return the assertions
   * @throws AssertionError if nothing is thrown, or something else is
   */
  public static AuthenticationExceptionAssert assertThatRejection(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    if (thrown == null) {
      throw new AssertionError("Expected an AuthenticationException but nothing was thrown");
    }
    if (!(thrown instanceof AuthenticationException)) {
      throw new AssertionError("Expected an AuthenticationException but was " + thrown.getClass().getName(), thrown);
    }
    return new AuthenticationExceptionAssert((AuthenticationException) thrown);
  }

  /**
   * Parses one {@code WWW-Authenticate} value strictly ({@link Challenge#parse}) and starts assertions on it.
   *
   * @param header the header field value
   * @return the assertions
   * @throws AssertionError if the value is malformed
   */
  public static ChallengeAssert assertThatChallenge(String header) {
    try {
      return new ChallengeAssert(Challenge.parse(header));
    } catch (IllegalArgumentException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /**
   * Starts assertions on a parsed challenge.
   *
   * @param actual the challenge
   * @return the assertions
   */
  public static ChallengeAssert assertThat(@Nullable Challenge actual) {
    return new ChallengeAssert(actual);
  }

  /**
   * Starts assertions on a JDK HTTP client response.
   *
   * @param actual the response; not null
   * @return the assertions
   */
  public static HttpResponseAssert assertThat(HttpResponse<?> actual) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    actual.headers().map().forEach((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
    Object body = actual.body();
    return new HttpResponseAssert(new HttpResponseAssert.Response(actual.statusCode(), headers,
        actual.request().method() + " " + actual.uri() + " -> " + actual.statusCode(),
        body instanceof String ? (String) body : ""));
  }

  /**
   * Starts assertions on the response authkit wants written ({@code AuthKit.handle(..)}).
   *
   * @param actual the response; not null
   * @return the assertions
   */
  public static HttpResponseAssert assertThat(AuthResponse actual) {
    return new HttpResponseAssert(new HttpResponseAssert.Response(actual.status(), actual.headers(), actual.toString(),
        actual.body()));
  }
}
