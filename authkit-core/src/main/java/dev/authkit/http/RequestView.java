package dev.authkit.http;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What authkit needs to know about an HTTP request, independent of any framework: method, path,
 * scheme, remote address, headers, and the client certificate chain the container verified.
 * Adapters build one per request; nothing here is interpreted by the adapter.
 *
 * <pre>{@code
 * RequestView view = RequestView.builder("GET", "/v1/orders")
 *     .scheme("https").remoteAddress("203.0.113.7")
 *     .header("Authorization", "Bearer eyJ...")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} leaves out header values.
 */
public final class RequestView {

  private final String method;
  private final String path;
  private final String scheme;
  private final String remoteAddress;
  private final Map<String, List<String>> headers;
  private final List<X509Certificate> clientCertificates;

  private RequestView(Builder builder) {
    this.method = builder.method;
    this.path = builder.path;
    this.scheme = builder.scheme;
    this.remoteAddress = builder.remoteAddress;
    Map<String, List<String>> copy = new TreeMap<>();
    builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.clientCertificates = List.copyOf(builder.clientCertificates);
  }

  /**
   * Starts a view.
   *
   * @param method the HTTP method, e.g. {@code GET}; not null or empty; compared case-sensitively
   *     (RFC 9110 §9.1)
   * @param path the decoded, normalized request path without query, e.g. {@code /v1/orders};
   *     not null; must start with {@code /}
   * @return a builder; scheme defaults to {@code https}, remote address to empty
   * @throws IllegalArgumentException if method is empty or path does not start with {@code /}
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** Returns the HTTP method, as sent. */
  public String method() {
    return method;
  }

  /** Returns the decoded, normalized path, starting with {@code /}. */
  public String path() {
    return path;
  }

  /** Returns the scheme the container saw, lower case: {@code https} or {@code http}. */
  public String scheme() {
    return scheme;
  }

  /** Returns the peer's IP address as the container saw it (before any proxy header); may be empty. */
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * Returns every value of a header, in order received.
   *
   * @param name the header name, case-insensitive (RFC 9110 §5.1); not null
   * @return the values; empty when absent; unmodifiable
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(requireNonNull(name, "name").toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * Returns the single value of a header.
   *
   * @param name the header name, case-insensitive; not null
   * @return the first value, or empty when absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Returns the client certificate chain the container verified (leaf first); empty without mTLS. */
  public List<X509Certificate> clientCertificates() {
    return clientCertificates;
  }

  @Override
  public String toString() {
    return "RequestView[" + method + " " + scheme + "://…" + path + " from " + remoteAddress + ", headers="
        + headers.keySet() + (clientCertificates.isEmpty() ? "" : ", client certificate") + "]";
  }

  /** Builds a {@link RequestView}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private String scheme = "https";
    private String remoteAddress = "";
    private final Map<String, List<String>> headers = new TreeMap<>();
    private List<X509Certificate> clientCertificates = List.of();

    private Builder(String method, String path) {
      if (method == null || method.isEmpty()) {
        throw new IllegalArgumentException("method must be non-empty");
      }
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/'");
      }
      this.method = method;
      this.path = path;
    }

    /**
     * Sets the scheme the container saw.
     *
     * @param value {@code http} or {@code https}, any case; not null
     * @return this builder
     */
    public Builder scheme(String value) {
      String lower = requireNonNull(value, "value").toLowerCase(Locale.ROOT);
      if (!lower.equals("http") && !lower.equals("https")) {
        throw new IllegalArgumentException("scheme must be http or https");
      }
      this.scheme = lower;
      return this;
    }

    /**
     * Sets the peer's IP address.
     *
     * @param value an IPv4 or IPv6 literal as the container reports it; not null
     * @return this builder
     */
    public Builder remoteAddress(String value) {
      this.remoteAddress = requireNonNull(value, "value");
      return this;
    }

    /**
     * Adds one header value; call again for repeated headers.
     *
     * @param name not null; case-insensitive
     * @param value not null; as received
     * @return this builder
     */
    public Builder header(String name, String value) {
      requireNonNull(value, "value");
      headers.computeIfAbsent(requireNonNull(name, "name").toLowerCase(Locale.ROOT), key -> new ArrayList<>())
          .add(value);
      return this;
    }

    /**
     * Sets the client certificate chain the container verified during the TLS handshake.
     *
     * @param chain leaf first; not null; may be empty
     * @return this builder
     */
    public Builder clientCertificates(List<X509Certificate> chain) {
      this.clientCertificates = List.copyOf(requireNonNull(chain, "chain"));
      return this;
    }

    /** Returns the view. */
    public RequestView build() {
      return new RequestView(this);
    }
  }
}
