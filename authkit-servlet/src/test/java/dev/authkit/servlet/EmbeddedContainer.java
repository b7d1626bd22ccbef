package dev.authkit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** A real Servlet 6.0 container started on a free loopback port for one test class. */
interface EmbeddedContainer extends AutoCloseable {

  /** Starts the container with {@code filter} on {@code /*} in front of {@code servlet} on {@code /*}; returns the port. */
  int start(Filter filter, HttpServlet servlet) throws Exception;

  /**
   * Starts the container with {@link AuthKitFilter} created by the container from its class, as
   * {@code web.xml} would, with these init-parameters; returns the port.
   */
  int startConfigured(java.util.Map<String, String> initParameters, HttpServlet servlet) throws Exception;

  /**
   * Raises (or lowers) the container's limit on the request line and headers, in bytes, for the next
   * {@code start} (Tomcat's header count limit is lifted as well); default: the container's own
   * (Jetty 8 KiB, Tomcat 8 KiB and 100 headers).
   */
  EmbeddedContainer maxRequestHeaderBytes(int bytes);

  /** Returns a display name: {@code Jetty 12 (ee10)} or {@code Tomcat 10.1}. */
  String name();

  @Override
  void close() throws Exception;
}
