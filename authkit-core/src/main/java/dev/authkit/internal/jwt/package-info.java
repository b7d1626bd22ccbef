/** authkit's JWS/JWT verification machinery; not an API. */
@NullMarked
package dev.authkit.internal.jwt;

import org.jspecify.annotations.NullMarked;
