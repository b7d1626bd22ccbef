/**
 * The request-level core shared by every adapter: the framework-neutral {@link dev.authkit.http.RequestView},
 * the {@link dev.authkit.http.AuthKit} facade, its {@link dev.authkit.AuthResult}, and the one
 * response table ({@link dev.authkit.http.AuthResponse}) both adapters write.
 */
@NullMarked
package dev.authkit.http;

import org.jspecify.annotations.NullMarked;
