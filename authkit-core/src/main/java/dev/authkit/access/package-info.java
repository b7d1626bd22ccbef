/**
 * Authorization: which caller may do what. A {@link dev.authkit.access.Requirement} (from an
 * {@link dev.authkit.access.AccessRules} match, or from JAX-RS annotations) is evaluated against a
 * principal by the {@link dev.authkit.access.Authorizer}.
 */
@NullMarked
package dev.authkit.access;

import org.jspecify.annotations.NullMarked;
