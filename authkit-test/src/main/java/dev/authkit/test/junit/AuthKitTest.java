package dev.authkit.test.junit;

import dev.authkit.test.FakeIssuer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one {@link FakeIssuer} for the test class (shared by its {@code @Nested} classes), injects it
 * into constructors, lifecycle methods and test methods that declare a {@code FakeIssuer} parameter,
 * and closes it after the class. Works with both test-instance lifecycles and with parallel execution.
 *
 * <pre>{@code
 * @AuthKitTest
 * class OrdersApiTest {
 *   @Test
 *   void ordersWhenScopeGrantedThenOk(FakeIssuer issuer) {
 *     assertThat(issuer.authenticator().authenticate(issuer.token().scopes("orders:read").sign()))
 *         .hasScopes("orders:read");
 *   }
 * }
 * }</pre>
 *
 * <p>For options not expressible here, register {@link AuthKitExtension} with its builder instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AuthKitExtension.class)
public @interface AuthKitTest {

  /** The issuer's path, e.g. {@code /realms/test}; default none (see {@link FakeIssuer.Builder#path}). */
  String path() default "";

  /** Serve HTTPS with a certificate generated at start-up (see {@link FakeIssuer.Builder#https()}). */
  boolean https() default false;

  /** JWS algorithm names to generate keys for, e.g. {@code {"ES256"}}; empty: RS256, ES256, EdDSA. */
  String[] algorithms() default {};

  /** The audience of minted tokens and of the issuer's authenticator; default {@code api}. */
  String audience() default FakeIssuer.DEFAULT_AUDIENCE;
}
