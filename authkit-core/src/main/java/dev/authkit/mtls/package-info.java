/**
 * Client-certificate authentication (mutual TLS, RFC 8705 §2): a certificate chain the container
 * already verified during the TLS handshake becomes an {@link dev.authkit.AuthPrincipal}.
 */
@NullMarked
package dev.authkit.mtls;

import org.jspecify.annotations.NullMarked;
