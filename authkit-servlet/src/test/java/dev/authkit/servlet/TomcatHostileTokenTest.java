package dev.authkit.servlet;

class TomcatHostileTokenTest extends HostileTokenSuite {
  @Override
  EmbeddedContainer newContainer() {
    return new TomcatContainer();
  }
}
