package dev.authkit;

/**
 * How a caller proved who it is.
 *
 * <p>{@link #authenticationScheme()} is the string adapters report through Servlet
 * {@code getAuthType()} and JAX-RS {@code SecurityContext.getAuthenticationScheme()}.
 */
public enum AuthenticationMethod {
  /** A Bearer JWT access token (RFC 6750, RFC 9068). Scheme {@code "Bearer"}. */
  JWT("Bearer"),
  /** An authkit API key. Scheme {@code "ApiKey"}. */
  API_KEY("ApiKey"),
  /** A TLS client certificate verified by the container (RFC 8705 §2). Scheme {@code "CLIENT_CERT"}. */
  CLIENT_CERTIFICATE("CLIENT_CERT");

  private final String authenticationScheme;

  AuthenticationMethod(String authenticationScheme) {
    this.authenticationScheme = authenticationScheme;
  }

  /**
   * Returns the authentication-scheme string for this method: {@code Bearer}, {@code ApiKey} or
   * {@code CLIENT_CERT}; never null.
   */
  public String authenticationScheme() {
    return authenticationScheme;
  }
}
