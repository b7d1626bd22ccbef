package dev.authkit.test.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.authkit.AuthPrincipal;
import dev.authkit.http.AuthKit;
import dev.authkit.http.AuthResponse;
import dev.authkit.http.RequestView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A user's application in miniature: the JDK's HTTP server protected by a plain {@link AuthKit}, the way
 * an adapter does it (build the request view, call {@code handle}, write its response or proceed).
 * authkit-test cannot use authkit-servlet here: the servlet module's tests use authkit-test.
 */
public final class TinyApp implements AutoCloseable {

  private final HttpServer server;

  private TinyApp(HttpServer server) {
    this.server = server;
  }

  /** Starts the app on a free loopback port; every path answers {@code 200 hello <subject>} once authkit lets it through. */
  public static TinyApp start(AuthKit authKit) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> handle(authKit, exchange));
    server.start();
    return new TinyApp(server);
  }

  /** Returns {@code http://127.0.0.1:<port>} + path. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void handle(AuthKit authKit, HttpExchange exchange) throws IOException {
    try (exchange) {
      RequestView.Builder view = RequestView.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
          .scheme("http").remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress());
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        header.getValue().forEach(value -> view.header(header.getKey(), value));
      }
      AuthKit.Outcome outcome = authKit.handle(view.build());
      if (outcome.responseToWrite().isPresent()) {
        AuthResponse response = outcome.responseToWrite().get();
        response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        write(exchange, response.status(), response.body());
      } else {
        write(exchange, 200, "hello " + outcome.caller().map(AuthPrincipal::subject).orElse("anonymous"));
      }
    }
  }

  private static void write(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
