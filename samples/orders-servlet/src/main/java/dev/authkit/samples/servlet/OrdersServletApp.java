package dev.authkit.samples.servlet;

import dev.authkit.AuthPrincipal;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import dev.authkit.samples.orders.Launcher;
import dev.authkit.samples.orders.OrderStore;
import dev.authkit.samples.orders.OrdersApi;
import dev.authkit.samples.orders.RunningSample;
import dev.authkit.samples.orders.SampleOptions;
import dev.authkit.samples.orders.SampleSecurity;
import dev.authkit.servlet.AuthKitFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The orders API on embedded Jetty 12 ee11 (Jakarta Servlet 6.1), protected by one
 * {@link AuthKitFilter} whose path rules say who may do what:
 *
 * <pre>{@code
 * GET  /health          open
 * GET  /v1/orders       scope orders:read       (the caller's tenant's orders only)
 * POST /v1/orders       scope orders:write
 * GET  /v1/admin/stats  role admin
 * }</pre>
 *
 * <p>Run {@code ./samples/run.sh} (development mode) or {@code ./samples/run.sh --issuer <url>
 * --audience <aud>} (a real identity provider); {@code --help} lists the options.
 */
public final class OrdersServletApp implements RunningSample {

  /** The name in the start-up banner. */
  public static final String NAME = "orders-servlet (Jetty 12 ee11, Jakarta Servlet 6.1)";

  private final Server server;
  private final SampleSecurity security;
  private final URI baseUri;

  private OrdersServletApp(Server server, SampleSecurity security, URI baseUri) {
    this.server = server;
    this.security = security;
    this.baseUri = baseUri;
  }

  /**
   * Runs the sample until the JVM stops.
   *
   * @param args see {@link SampleOptions#USAGE}
   */
  public static void main(String[] args) {
    Launcher.main(NAME, args, OrdersServletApp::start);
  }

  /**
   * Starts the sample in this JVM (tests use it; {@link #main} adds the banner and the shutdown hook).
   *
   * @param options the options
   * @return the running sample; close it
   * @throws Exception when it cannot start
   */
  public static OrdersServletApp start(SampleOptions options) throws Exception {
    return (OrdersServletApp) Launcher.start(options, OrdersServletApp::start);
  }

  private static OrdersServletApp start(SampleOptions options, int port, SampleSecurity security) throws Exception {
    AuthKit authKit = security.authKitBuilder()
        .accessRules(AccessRules.builder()
            // HttpServlet.doTrace echoes request headers (all but Authorization and Cookie): an
            // X-API-Key would come back in the body, so TRACE is closed for everyone.
            .rule("TRACE", "/**", Requirement.denyAll())
            .permitAll("/health")
            .rule("GET", "/v1/orders", Requirement.allScopes("orders:read"))
            .rule("POST", "/v1/orders", Requirement.allScopes("orders:write"))
            .rule("/v1/admin/**", Requirement.anyRole("admin"))
            .build())
        .build();
    OrdersApi api = new OrdersApi(OrderStore.withDemoOrders());

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(options.host());
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new AuthKitFilter(authKit)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new OrdersServlet(api)), "/v1/orders");
    context.addServlet(new ServletHolder(new AdminStatsServlet(api)), "/v1/admin/stats");
    context.addServlet(new ServletHolder(new HealthServlet(api)), "/health");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    URI base = URI.create("http://" + hostForUri(options.host()) + ":" + connector.getLocalPort());
    return new OrdersServletApp(server, security, base);
  }

  private static String hostForUri(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public SampleSecurity security() {
    return security;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway
    } finally {
      security.close();
    }
  }

  private static AuthPrincipal caller(HttpServletRequest request) {
    // AuthKitFilter ran first: on these paths the caller is authenticated and authorized.
    return (AuthPrincipal) request.getUserPrincipal();
  }

  private static void write(OrdersApi.Reply reply, HttpServletResponse response) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(reply.status());
    response.setContentType(reply.contentType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static final class OrdersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient OrdersApi api;

    OrdersServlet(OrdersApi api) {
      this.api = api;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(api.list(caller(request)), response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      byte[] body = request.getInputStream().readNBytes(16 * 1024);
      write(api.create(caller(request), new String(body, StandardCharsets.UTF_8)), response);
    }
  }

  private static final class AdminStatsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient OrdersApi api;

    AdminStatsServlet(OrdersApi api) {
      this.api = api;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(api.adminStats(caller(request)), response);
    }
  }

  private static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient OrdersApi api;

    HealthServlet(OrdersApi api) {
      this.api = api;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(api.health(), response);
    }
  }
}
