package dev.authkit.jaxrs;

import dev.authkit.http.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Builds a {@link RequestView} from a JAX-RS request. Stateless; package-private. */
final class RequestViews {

  /**
   * The request property a servlet-based runtime (and Grizzly) exposes the verified client chain
   * under (Servlet 6.0 §3.10); JAX-RS has no API of its own for it.
   */
  static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private RequestViews() {}

  /**
   * The path is relative to the application (what {@code @Path} and access rules are written
   * against), with matrix parameters removed, dot segments resolved and percent-escapes decoded.
   * Jersey's {@code UriInfo.getPath()} has no leading {@code /} and RESTEasy's has one; both become
   * {@code /a/b}. The scheme comes from the connection ({@link SecureConnections}), never from the
   * request URI, which an absolute-form request line sets.
   */
  static RequestView of(ContainerRequestContext request, Function<ContainerRequestContext, @Nullable String> remoteAddress,
      Predicate<ContainerRequestContext> secureConnection) {
    RequestView.Builder view = RequestView.builder(request.getMethod(), applicationPath(request))
        .scheme(secureConnection.test(request) ? "https" : "http");
    String address = remoteAddress.apply(request);
    view.remoteAddress(address == null ? "" : address);
    for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
      for (String value : header.getValue()) {
        if (value != null) {
          view.header(header.getKey(), value);
        }
      }
    }
    Object certificates = request.getProperty(CLIENT_CERTIFICATES);
    if (certificates instanceof X509Certificate[]) {
      view.clientCertificates(List.of((X509Certificate[]) certificates));
    }
    return view.build();
  }

  static String applicationPath(ContainerRequestContext request) {
    String raw = request.getUriInfo().getPath(false);
    StringBuilder encoded = new StringBuilder();
    for (String segment : raw.split("/", -1)) {
      if (encoded.length() == 0 && segment.isEmpty()) {
        continue;
      }
      int matrix = segment.indexOf(';');
      encoded.append('/').append(matrix < 0 ? segment : segment.substring(0, matrix));
    }
    if (encoded.length() == 0) {
      return "/";
    }
    try {
      String path = URI.create(encoded.toString()).normalize().getPath();
      return path == null || !path.startsWith("/") ? "/" + (path == null ? "" : path) : path;
    } catch (IllegalArgumentException notAUri) {
      String decoded = request.getUriInfo().getPath(true);
      return decoded.startsWith("/") ? decoded : "/" + decoded;
    }
  }
}
