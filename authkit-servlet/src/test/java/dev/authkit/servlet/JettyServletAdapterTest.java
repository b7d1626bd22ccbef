package dev.authkit.servlet;

class JettyServletAdapterTest extends ServletAdapterSuite {
  @Override
  EmbeddedContainer newContainer() {
    return new JettyContainer();
  }
}
