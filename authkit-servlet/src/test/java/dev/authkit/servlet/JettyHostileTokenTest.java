package dev.authkit.servlet;

class JettyHostileTokenTest extends HostileTokenSuite {
  @Override
  EmbeddedContainer newContainer() {
    return new JettyContainer();
  }
}
