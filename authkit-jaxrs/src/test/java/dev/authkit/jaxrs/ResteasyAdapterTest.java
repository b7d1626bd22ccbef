package dev.authkit.jaxrs;

/** The JAX-RS suite on RESTEasy 6.2 with Undertow (own Surefire execution, no Jersey on the class path). */
class ResteasyAdapterTest extends JaxrsAdapterSuite {
  @Override
  JaxrsRuntime newRuntime() {
    return new ResteasyRuntime();
  }

  @Override
  boolean serverRewritesTabInHeaderValues() {
    return true;
  }

  @Override
  boolean serverRefusesHeadersOver8KiB() {
    return false;
  }
}
