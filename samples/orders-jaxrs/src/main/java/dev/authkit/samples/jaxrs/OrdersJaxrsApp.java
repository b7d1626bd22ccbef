package dev.authkit.samples.jaxrs;

import dev.authkit.AuthPrincipal;
import dev.authkit.jaxrs.AuthKitFeature;
import dev.authkit.jaxrs.RequiresScope;
import dev.authkit.samples.orders.Launcher;
import dev.authkit.samples.orders.OrderStore;
import dev.authkit.samples.orders.OrdersApi;
import dev.authkit.samples.orders.RunningSample;
import dev.authkit.samples.orders.SampleOptions;
import dev.authkit.samples.orders.SampleSecurity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.logging.Level;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The orders API on Jersey 4 over Grizzly (Jakarta REST 4.0, Jakarta EE 11), protected by one
 * {@link AuthKitFeature}; the resources' annotations say who may do what:
 *
 * <pre>{@code
 * GET  /health          @PermitAll
 * GET  /v1/orders       @RequiresScope("orders:read")    (the caller's tenant's orders only)
 * POST /v1/orders       @RequiresScope("orders:write")
 * GET  /v1/admin/stats  @RolesAllowed("admin")
 * }</pre>
 *
 * <p>Run {@code ./samples/run.sh jaxrs} (development mode) or {@code ./samples/run.sh jaxrs --issuer
 * <url> --audience <aud>}; {@code --help} lists the options.
 */
public final class OrdersJaxrsApp implements RunningSample {

  /** The name in the start-up banner. */
  public static final String NAME = "orders-jaxrs (Jersey 4 on Grizzly, Jakarta REST 4.0)";

  // Grizzly logs every listener start through java.util.logging at INFO; keep the console for the banner.
  private static final java.util.logging.Logger GRIZZLY_LOG = java.util.logging.Logger.getLogger("org.glassfish.grizzly");

  static {
    GRIZZLY_LOG.setLevel(Level.WARNING);
  }

  private final HttpServer server;
  private final SampleSecurity security;
  private final URI baseUri;

  private OrdersJaxrsApp(HttpServer server, SampleSecurity security, URI baseUri) {
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
    Launcher.main(NAME, args, OrdersJaxrsApp::start);
  }

  /**
   * Starts the sample in this JVM (tests use it; {@link #main} adds the banner and the shutdown hook).
   *
   * @param options the options
   * @return the running sample; close it
   * @throws Exception when it cannot start
   */
  public static OrdersJaxrsApp start(SampleOptions options) throws Exception {
    return (OrdersJaxrsApp) Launcher.start(options, OrdersJaxrsApp::start);
  }

  private static OrdersJaxrsApp start(SampleOptions options, int port, SampleSecurity security) throws Exception {
    // No path rules: the annotations decide; an unannotated method would need an authenticated caller.
    OrdersApi api = new OrdersApi(OrderStore.withDemoOrders());
    ResourceConfig app = new ResourceConfig(OrderResource.class, AdminResource.class, HealthResource.class)
        .register(new AbstractBinder() {
          @Override
          protected void configure() {
            bind(api).to(OrdersApi.class);
          }
        })
        .register(new AuthKitFeature(security.authKitBuilder().build()))
        .property(ServerProperties.WADL_FEATURE_DISABLE, true);
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://" + host + ":" + port + "/"), app, false);
    try {
      server.start();
    } catch (Exception e) {
      server.shutdownNow();
      throw e;
    }
    int bound = server.getListeners().iterator().next().getPort();
    return new OrdersJaxrsApp(server, security, URI.create("http://" + host + ":" + bound));
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
      server.shutdownNow();
    } finally {
      security.close();
    }
  }

  private static AuthPrincipal caller(SecurityContext security) {
    // The annotations were checked before the method runs: the caller is authenticated here.
    return AuthKitFeature.principal(security).orElseThrow();
  }

  private static Response reply(OrdersApi.Reply reply) {
    return Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build();
  }

  /** The orders of the caller's tenant. */
  @Path("/v1/orders")
  public static final class OrderResource {
    private final OrdersApi api;

    /** Created by Jersey per request, with the application's one {@link OrdersApi}. */
    @Inject
    public OrderResource(OrdersApi api) {
      this.api = api;
    }

    /** Lists the caller's tenant's orders. */
    @GET
    @RequiresScope("orders:read")
    public Response list(@Context SecurityContext security) {
      return reply(api.list(caller(security)));
    }

    /** Adds an order for the caller's tenant. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("orders:write")
    public Response create(@Context SecurityContext security, String body) {
      return reply(api.create(caller(security), body));
    }
  }

  /** Statistics across tenants, for administrators. */
  @Path("/v1/admin")
  @RolesAllowed("admin")
  public static final class AdminResource {
    private final OrdersApi api;

    /** Created by Jersey per request, with the application's one {@link OrdersApi}. */
    @Inject
    public AdminResource(OrdersApi api) {
      this.api = api;
    }

    /** Order counts per tenant. */
    @GET
    @Path("/stats")
    public Response stats(@Context SecurityContext security) {
      return reply(api.adminStats(caller(security)));
    }
  }

  /** Liveness, open to everyone. */
  @Path("/health")
  public static final class HealthResource {
    private final OrdersApi api;

    /** Created by Jersey per request, with the application's one {@link OrdersApi}. */
    @Inject
    public HealthResource(OrdersApi api) {
      this.api = api;
    }

    /** Always UP while the server runs. */
    @GET
    @PermitAll
    public Response health() {
      return reply(api.health());
    }
  }
}
