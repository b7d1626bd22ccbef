package dev.authkit.test.app;

import dev.authkit.config.AuthKitConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Stands for a user's own application in the README example: configured from {@code authkit.*} keys. */
final class OrdersApp {

  private final AuthKitConfiguration.Configured authkit;
  private final TinyApp server;

  private OrdersApp(AuthKitConfiguration.Configured authkit, TinyApp server) {
    this.authkit = authkit;
    this.server = server;
  }

  /** Starts the app with the issuer's configuration plus the app's own rules. */
  static OrdersApp start(Map<String, String> issuerConfiguration) {
    Map<String, String> configuration = new HashMap<>(issuerConfiguration);
    configuration.put("authkit.rules", "GET /v1/orders = scope:orders:read; /health = permitAll");
    configuration.put("authkit.insecure-allow-http-from-loopback", "true");
    AuthKitConfiguration.Configured authkit = AuthKitConfiguration.build(configuration::get);
    try {
      return new OrdersApp(authkit, TinyApp.start(authkit.authKit()));
    } catch (IOException e) {
      authkit.close();
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return server.uri(path);
  }

  void stop() {
    server.close();
    authkit.close();
  }
}
