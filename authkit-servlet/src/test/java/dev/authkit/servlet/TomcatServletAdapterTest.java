package dev.authkit.servlet;

class TomcatServletAdapterTest extends ServletAdapterSuite {
  @Override
  EmbeddedContainer newContainer() {
    return new TomcatContainer();
  }
}
