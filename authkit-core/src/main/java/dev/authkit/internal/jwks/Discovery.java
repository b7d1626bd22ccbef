package dev.authkit.internal.jwks;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Finds an issuer's {@code jwks_uri}: OpenID Connect Discovery 1.0 §4 first, then RFC 8414 §3
 * when the first answers 4xx. The document's {@code issuer} must equal the configured issuer
 * exactly (OIDC Discovery §4.3, RFC 8414 §3.3), and {@code jwks_uri} must obey the HTTPS rule.
 * Nothing else is read from the document: in particular the algorithm allow-list is never widened
 * from metadata. Stateless.
 */
public final class Discovery {

  private Discovery() {}

  /** The OpenID Connect Discovery 1.0 §4 location: issuer without trailing slash + well-known suffix. */
  public static URI openIdConfiguration(URI issuer) {
    String base = issuer.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/.well-known/openid-configuration");
  }

  /** The RFC 8414 §3.1 location: the well-known segment goes between host and path. */
  public static URI authorizationServerMetadata(URI issuer) {
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String authority = issuer.getRawAuthority();
    return URI.create(issuer.getScheme() + "://" + authority + "/.well-known/oauth-authorization-server" + path);
  }

  /**
   * Fetches the metadata and returns its {@code jwks_uri}.
   *
   * @return a future failing with {@link FetchException} when neither document can be used
   */
  public static CompletableFuture<URI> jwksUri(HttpFetcher http, String issuer, boolean allowHttpOnLoopback) {
    URI issuerUri = URI.create(issuer);
    return http.get(openIdConfiguration(issuerUri))
        .handle((response, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(response);
          }
          Throwable cause = unwrap(failure);
          if (cause instanceof FetchException && ((FetchException) cause).statusCode() >= 400
              && ((FetchException) cause).statusCode() < 500) {
            return http.get(authorizationServerMetadata(issuerUri));
          }
          return CompletableFuture.<HttpFetcher.Response>failedFuture(cause);
        })
        .thenCompose(next -> next)
        .thenApply(response -> {
          try {
            return readJwksUri(response.body(), issuer, allowHttpOnLoopback);
          } catch (FetchException e) {
            throw new CompletionException(e);
          }
        });
  }

  static URI readJwksUri(byte[] body, String issuer, boolean allowHttpOnLoopback) throws FetchException {
    @Nullable Map<String, Object> metadata;
    try {
      metadata = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
    } catch (ParseException | RuntimeException e) {
      throw new FetchException("the discovery document is not a JSON object");
    }
    if (metadata == null) {
      throw new FetchException("the discovery document is JSON null, not a JSON object");
    }
    Object declared = metadata.get("issuer");
    if (!(declared instanceof String) || !declared.equals(issuer)) {
      throw new FetchException("the discovery document's \"issuer\" does not equal the configured issuer "
          + issuer + " exactly");
    }
    Object jwksUri = metadata.get("jwks_uri");
    if (!(jwksUri instanceof String)) {
      throw new FetchException("the discovery document has no \"jwks_uri\" string");
    }
    URI uri;
    try {
      uri = new URI((String) jwksUri);
    } catch (URISyntaxException e) {
      throw new FetchException("the discovery document's \"jwks_uri\" is not a URL");
    }
    String problem = HttpFetcher.schemeProblem(uri, allowHttpOnLoopback);
    if (problem != null) {
      throw new FetchException("the discovery document's \"jwks_uri\" is refused: " + problem);
    }
    return uri;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
