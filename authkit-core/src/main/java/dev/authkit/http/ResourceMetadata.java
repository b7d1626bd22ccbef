package dev.authkit.http;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): tells clients which authorization servers issue
 * tokens for this API and which scopes it knows. Adapters serve {@link #toJson()} at
 * {@link #wellKnownPath()}, and {@link AuthKit} names {@link #metadataUrl()} in challenges
 * ({@code resource_metadata}, RFC 9728 §5.1).
 *
 * <pre>{@code
 * ResourceMetadata metadata = ResourceMetadata.of(URI.create("https://api.example.com"),
 *     List.of(URI.create("https://login.example.com")), Set.of("orders:read", "orders:write"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceMetadata {

  private final URI resource;
  private final List<URI> authorizationServers;
  private final Set<String> scopesSupported;

  private ResourceMetadata(URI resource, List<URI> authorizationServers, Set<String> scopesSupported) {
    this.resource = resource;
    this.authorizationServers = authorizationServers;
    this.scopesSupported = scopesSupported;
  }

  /**
   * Creates metadata.
   *
   * @param resource the resource identifier (RFC 9728 §2): an {@code https} URL without query or fragment
   * @param authorizationServers issuer identifiers of the authorization servers; not null, may be empty
   * @param scopesSupported scopes this API uses; not null, may be empty
   * @return the metadata
   * @throws IllegalArgumentException if {@code resource} is not an absolute https URL without query or fragment
   */
  public static ResourceMetadata of(URI resource, List<URI> authorizationServers, Set<String> scopesSupported) {
    requireNonNull(resource, "resource");
    if (!"https".equalsIgnoreCase(resource.getScheme()) || resource.getRawQuery() != null
        || resource.getRawFragment() != null || resource.getHost() == null) {
      throw new IllegalArgumentException("the resource must be an https URL without query or fragment (RFC 9728 §2)");
    }
    return new ResourceMetadata(resource, List.copyOf(authorizationServers), Set.copyOf(scopesSupported));
  }

  /** Returns the resource identifier. */
  public URI resource() {
    return resource;
  }

  /**
   * Returns the path the metadata is served at: {@code /.well-known/oauth-protected-resource}
   * followed by the resource's path, if any (RFC 9728 §3.1).
   */
  public String wellKnownPath() {
    String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
    return "/.well-known/oauth-protected-resource" + path;
  }

  /** Returns the absolute URL of the metadata document. */
  public URI metadataUrl() {
    return URI.create(resource.getScheme() + "://" + resource.getRawAuthority() + wellKnownPath());
  }

  /** Returns the document (RFC 9728 §2): resource, authorization_servers, scopes_supported, bearer_methods_supported. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("resource", resource.toString());
    if (!authorizationServers.isEmpty()) {
      List<String> servers = new ArrayList<>();
      authorizationServers.forEach(server -> servers.add(server.toString()));
      json.put("authorization_servers", servers);
    }
    if (!scopesSupported.isEmpty()) {
      json.put("scopes_supported", new ArrayList<>(new java.util.TreeSet<>(scopesSupported)));
    }
    json.put("bearer_methods_supported", List.of("header"));
    return JSONObjectUtils.toJSONString(json);
  }

  @Override
  public String toString() {
    return "ResourceMetadata[" + resource + "]";
  }
}
