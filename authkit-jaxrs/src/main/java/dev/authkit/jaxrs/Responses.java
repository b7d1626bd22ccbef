package dev.authkit.jaxrs;

import dev.authkit.http.AuthResponse;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns core's {@link AuthResponse} into a JAX-RS {@link Response}, unchanged. Stateless; package-private. */
final class Responses {

  private Responses() {}

  /**
   * Status, every header in order (one {@code WWW-Authenticate} line per challenge), {@code
   * Cache-Control: no-store} and the problem body as bytes, so no runtime re-encodes it or appends a
   * charset: the same bytes the servlet filter writes.
   */
  static Response of(AuthResponse refusal) {
    Response.ResponseBuilder response = Response.status(refusal.status());
    for (Map.Entry<String, String> header : refusal.headers()) {
      response.header(header.getKey(), header.getValue());
    }
    return response.header("Cache-Control", "no-store")
        .entity(refusal.body().getBytes(StandardCharsets.UTF_8))
        .type(refusal.contentType())
        .build();
  }

  /** The RFC 9728 metadata document: 200 {@code application/json}. */
  static Response metadata(String json) {
    return Response.ok(json.getBytes(StandardCharsets.UTF_8), "application/json").build();
  }
}
