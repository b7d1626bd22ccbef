package dev.authkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10, Servlet 6.0). */
final class JettyContainer implements EmbeddedContainer {

  private Server server;
  private int maxRequestHeaderBytes;

  @Override
  public EmbeddedContainer maxRequestHeaderBytes(int bytes) {
    this.maxRequestHeaderBytes = bytes;
    return this;
  }

  @Override
  public int start(Filter filter, HttpServlet servlet) throws Exception {
    return start(new FilterHolder(filter), servlet);
  }

  @Override
  public int startConfigured(Map<String, String> initParameters, HttpServlet servlet) throws Exception {
    FilterHolder holder = new FilterHolder(AuthKitFilter.class);
    holder.setInitParameters(initParameters);
    return start(holder, servlet);
  }

  private int start(FilterHolder filter, HttpServlet servlet) throws Exception {
    server = new Server();
    org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
    if (maxRequestHeaderBytes > 0) {
      http.setRequestHeaderSize(maxRequestHeaderBytes);
    }
    ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public String name() {
    return "Jetty 12 (ee10)";
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
