package dev.authkit.jaxrs;

/** The JAX-RS suite on Jersey 3.1 with Grizzly (own Surefire execution, no RESTEasy on the class path). */
class JerseyAdapterTest extends JaxrsAdapterSuite {
  @Override
  JaxrsRuntime newRuntime() {
    return new JerseyRuntime();
  }

  @Override
  boolean serverRewritesTabInHeaderValues() {
    return false;
  }

  @Override
  boolean serverRefusesHeadersOver8KiB() {
    return true;
  }
}
