package dev.authkit.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must hold every one of these OAuth scopes (RFC 6749 §3.3). Otherwise the request ends
 * with 403 and {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."} naming the
 * scopes (RFC 6750 §3.1); an anonymous caller gets 401.
 *
 * <pre>{@code
 * @GET @RequiresScope({"orders:read", "orders:export"})
 * public List<Order> export() { ... }
 * }</pre>
 *
 * <p>On a method, a resource class, an interface method or a superclass (inherited as Jakarta REST
 * §3.6 inherits annotations). On a method it replaces a class-level {@code @RequiresScope} and adds
 * to the class's other kinds: class {@code @RolesAllowed("clerk")} with method
 * {@code @RequiresScope("orders:write")} needs both; only a method's {@code @PermitAll} or
 * {@code @DenyAll} sets the class aside. Several annotations on one element must all hold. Each value
 * is a scope token without spaces; an empty or blank value makes the method refuse every caller
 * (403), with an ERROR log at start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

  /** The scopes, all of which the caller must hold; at least one. */
  String[] value();
}
