package dev.authkit.jaxrs;

import jakarta.ws.rs.core.Application;

/** A real JAX-RS runtime serving one application on a free loopback port. */
interface JaxrsRuntime extends AutoCloseable {

  /** Deploys the application at the root and starts listening; returns the port. */
  int start(Application application) throws Exception;

  /**
   * Deploys the application at the root behind HTTPS that requires a client certificate
   * (mutual TLS) trusted by {@code tls}; returns the port.
   */
  int startMutualTls(Application application, javax.net.ssl.SSLContext tls) throws Exception;

  /** Returns a display name. */
  String name();

  @Override
  void close();
}
