package dev.authkit.servlet;

import dev.authkit.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;

/** Builds a {@link RequestView} from a servlet request. Stateless; package-private. */
final class ServletRequestViews {

  /** The request attribute Servlet containers put the verified client chain in (Servlet 6.0 §3.10). */
  static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private ServletRequestViews() {}

  /**
   * The path is the container's decoded, normalized servlet path plus path info, relative to the
   * context: what access rules are written against. The raw request URI (encoded, with path
   * parameters) is never used for decisions.
   */
  static RequestView of(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + pathInfo;
    if (path.isEmpty()) {
      path = "/";
    }
    RequestView.Builder view = RequestView.builder(request.getMethod(), path)
        .scheme(request.isSecure() ? "https" : "http")
        .remoteAddress(request.getRemoteAddr() == null ? "" : request.getRemoteAddr());
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values != null && values.hasMoreElements()) {
        view.header(name, values.nextElement());
      }
    }
    Object certificates = request.getAttribute(CLIENT_CERTIFICATES);
    if (certificates instanceof X509Certificate[]) {
      view.clientCertificates(List.of((X509Certificate[]) certificates));
    }
    return view.build();
  }
}
