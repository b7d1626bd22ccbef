package dev.authkit.internal.jwks;

/**
 * A fetch of a JWK set or discovery document failed. The message is written by authkit (no
 * response body, no key material) and is safe for logs and events.
 */
public final class FetchException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The HTTP status when the failure was an unexpected status, else -1. */
  private final int statusCode;

  public FetchException(String message) {
    this(message, -1);
  }

  public FetchException(String message, int statusCode) {
    super(message, null, false, false);
    this.statusCode = statusCode;
  }

  /** Returns the HTTP status of a non-200 answer, or -1. */
  public int statusCode() {
    return statusCode;
  }
}
