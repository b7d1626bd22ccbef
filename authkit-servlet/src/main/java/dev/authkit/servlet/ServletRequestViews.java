package dev.authkit.servlet;

import dev.authkit.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/** Builds a {@link RequestView} from a servlet request. Stateless; package-private. */
final class ServletRequestViews {

  /** The request attribute Servlet containers put the verified client chain in (Servlet 6.0 §3.10). */
  static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  /**
   * Most distinct header names a request may carry. The Servlet API reads values by name only, and
   * some containers (Jetty 12) find a name by scanning every field, so copying n headers costs n²:
   * 5,000 headers took authkit about 1 s per request on Jetty (the container alone: 6–40 ms).
   * Tomcat refuses more than 100 headers by default; real requests carry a few dozen.
   */
  static final int MAX_HEADER_NAMES = 256;

  private ServletRequestViews() {}

  /**
   * Whether the network connection is TLS, from Servlet 6.0's {@code ServletConnection}: never from
   * {@code request.isSecure()}, which some containers (Jetty 12) derive from the request URI, so an
   * absolute-form request line ({@code GET https://host/path HTTP/1.1}) written by the client over
   * plain HTTP would count as secure. Fails closed when the container gives no connection.
   */
  static boolean overTls(HttpServletRequest request) {
    try {
      jakarta.servlet.ServletConnection connection = request.getServletConnection();
      return connection != null && connection.isSecure();
    } catch (RuntimeException | AbstractMethodError noConnection) {
      return false;
    }
  }

  /**
   * The path is the container's decoded, normalized servlet path plus path info, relative to the
   * context: what access rules are written against. The raw request URI (encoded, with path
   * parameters) is never used for decisions.
   *
   * @return the view, or empty when the request has more than {@link #MAX_HEADER_NAMES} header names
   */
  static Optional<RequestView> of(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    if (path.isEmpty()) {
      path = "/";
    }
    RequestView.Builder view = RequestView.builder(request.getMethod(), path)
        .scheme(overTls(request) ? "https" : "http")
        .remoteAddress(request.getRemoteAddr() == null ? "" : request.getRemoteAddr());
    List<String> names = names(request);
    if (names.size() > MAX_HEADER_NAMES) {
      return Optional.empty();
    }
    for (String name : names) {
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        view.header(name, values.nextElement());
      }
    }
    Object certificates = request.getAttribute(CLIENT_CERTIFICATES);
    if (certificates instanceof X509Certificate[]) {
      view.clientCertificates(List.of((X509Certificate[]) certificates));
    }
    return Optional.of(view.build());
  }

  /** The header names, read in one linear pass (no value is looked up yet). */
  private static List<String> names(HttpServletRequest request) {
    List<String> names = new ArrayList<>();
    Enumeration<String> all = request.getHeaderNames();
    while (all != null && all.hasMoreElements()) {
      names.add(all.nextElement());
      if (names.size() > MAX_HEADER_NAMES) {
        break;
      }
    }
    return names;
  }
}
