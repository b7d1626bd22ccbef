package dev.authkit.jaxrs;

class JerseyHostileTokenTest extends JaxrsHostileTokenSuite {
  @Override
  JaxrsRuntime newRuntime() {
    return new JerseyRuntime();
  }
}
