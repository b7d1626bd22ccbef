/**
 * The Jakarta REST (JAX-RS 3.1+) adapter: {@link dev.authkit.jaxrs.AuthKitFeature} protects an
 * application with an authentication filter, a {@code SecurityContext}, and per-method authorization
 * from {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}, {@link dev.authkit.jaxrs.RequiresScope}
 * and {@link dev.authkit.jaxrs.RequiresAnyScope}. It only translates; every decision is made by
 * {@link dev.authkit.http.AuthKit} in authkit-core.
 */
@NullMarked
package dev.authkit.jaxrs;

import org.jspecify.annotations.NullMarked;
