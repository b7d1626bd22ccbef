package dev.authkit.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must hold at least one of these OAuth scopes (RFC 6749 §3.3). Otherwise 403 with
 * {@code error="insufficient_scope"} and {@code scope="..."} listing them (RFC 6750 §3.1); an
 * anonymous caller gets 401.
 *
 * <pre>{@code
 * @GET @RequiresAnyScope({"orders:read", "orders:admin"})
 * public Order get(@PathParam("id") String id) { ... }
 * }</pre>
 *
 * <p>Same placement rules as {@link RequiresScope}: on the method it replaces a class-level
 * {@code @RequiresAnyScope} and adds to the class's other kinds; on one element every annotation must
 * hold. An empty or blank value refuses every caller (403).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAnyScope {

  /** The scopes, at least one of which the caller must hold; at least one. */
  String[] value();
}
