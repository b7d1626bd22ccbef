/**
 * Fetching, parsing and caching remote JWK sets and discovery documents for
 * {@link dev.authkit.jwt.JwkSetSource}. Not an API: types here may change in any release.
 */
@NullMarked
package dev.authkit.internal.jwks;

import org.jspecify.annotations.NullMarked;
