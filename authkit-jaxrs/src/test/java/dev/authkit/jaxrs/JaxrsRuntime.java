package dev.authkit.jaxrs;

import jakarta.ws.rs.core.Application;

/** A real JAX-RS runtime serving one application on a free loopback port. */
interface JaxrsRuntime extends AutoCloseable {

  /** Deploys the application at the root and starts listening; returns the port. */
  int start(Application application) throws Exception;

  /** Returns a display name. */
  String name();

  @Override
  void close();
}
