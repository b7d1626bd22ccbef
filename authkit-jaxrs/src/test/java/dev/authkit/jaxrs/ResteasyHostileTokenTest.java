package dev.authkit.jaxrs;

class ResteasyHostileTokenTest extends JaxrsHostileTokenSuite {
  @Override
  JaxrsRuntime newRuntime() {
    return new ResteasyRuntime();
  }
}
