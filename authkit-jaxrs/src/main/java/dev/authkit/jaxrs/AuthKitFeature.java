package dev.authkit.jaxrs;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import dev.authkit.AuthPrincipal;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a Jakarta REST 3.1+ application (Jersey, RESTEasy, ...) with authkit. Register it once:
 *
 * <pre>{@code
 * AuthKit authKit = AuthKit.builder().jwt(jwtAuthenticator).build();   // no path rules: annotations decide
 * ResourceConfig app = new ResourceConfig(OrderResource.class).register(new AuthKitFeature(authKit));  // Jersey
 * // RESTEasy: deployment.getProviders().add(new AuthKitFeature(authKit)); portable (deprecated since
 * // Jakarta REST 3.1, still honoured by both): return it from Application.getSingletons()
 *
 * @Path("/v1/orders")
 * public class OrderResource {
 *   @GET @RequiresScope("orders:read") public List<Order> list(@Context SecurityContext security) {
 *     AuthPrincipal caller = AuthKitFeature.principal(security).orElseThrow();
 *     ...
 *   }
 *   @POST @RolesAllowed("clerk") @RequiresScope("orders:write") public Response create(Order order) { ... }
 *   @GET @Path("/status") @PermitAll public String status() { ... }
 * }
 * }</pre>
 *
 * <p>It installs two request filters; neither decides anything itself ({@link AuthKit} does):
 * <ul>
 *   <li>authentication, pre-matching, at {@link Priorities#AUTHENTICATION}: reads the request's one
 *       credential, refuses a bad one on every path (400/401/403/429/503 from core's response table,
 *       via {@code abortWith}), lets an anonymous request pass, and sets a {@link SecurityContext}
 *       whose {@code getUserPrincipal()} is the {@link AuthPrincipal} (null when anonymous),
 *       {@code isUserInRole()} checks its roles, {@code isSecure()} is {@link AuthKit#isHttps} (a TLS
 *       connection, never the request URI's scheme, or a trusted proxy's report), and
 *       {@code getAuthenticationScheme()} is {@code Bearer}, {@code ApiKey} or {@code CLIENT_CERT};
 *       the principal is also the request property {@value #PRINCIPAL_PROPERTY}. When
 *       {@link AuthKit#resourceMetadata()} is configured, {@code GET} on its well-known path (relative
 *       to the application) is answered with the RFC 9728 document;
 *   <li>authorization, per resource method, at {@link Priorities#AUTHORIZATION}: the method's
 *       {@code @DenyAll}, {@code @PermitAll}, {@code @RolesAllowed} (any of; {@code "**"}: any
 *       authenticated caller), {@link RequiresScope} (all of) and {@link RequiresAnyScope}, found on
 *       the method or, when it has none, on the superclass or interface method it overrides (Jakarta
 *       REST §3.6); plus the class-level annotations of the resource class and of the class that
 *       declares the method. A method's {@code @PermitAll}/{@code @DenyAll} decides alone; otherwise a
 *       kind on the method replaces the same kind on the class and different kinds all hold. A
 *       sub-resource method also needs what each sub-resource locator on the way declares, and a
 *       matching access rule ({@link AuthKit#matchingRule}) must hold as well ({@code Requirement.and}).
 *       With nothing declared and no rule matching: an authenticated caller. Anonymous callers get 401
 *       with a bare challenge, others 403 ({@code scope="..."} for missing scopes). {@code OPTIONS}
 *       requests are decided before matching, by the access rules, since runtimes answer OPTIONS
 *       themselves without running post-matching filters (RESTEasy).
 * </ul>
 *
 * <p>It needs neither Jersey's {@code RolesAllowedDynamicFeature} nor RESTEasy's
 * {@code resteasy.role.based.security}; leave them off, since their own filters would answer refusals
 * without authkit's challenge and problem body. The peer address (for trusted proxies and
 * {@link AuthKit.Builder#insecureAllowHttpFromLoopback()}) has no portable JAX-RS API: by default it is
 * read from RESTEasy's {@code HttpRequest} or Jersey's Grizzly/servlet request; elsewhere set
 * {@link Builder#remoteAddress}. Likewise whether the connection is TLS: Undertow's connection SSL
 * session, Grizzly's or the servlet container's {@code isSecure()}, else plain HTTP (set
 * {@link Builder#secureConnection}). The client certificate chain is read from the request property
 * {@code jakarta.servlet.request.X509Certificate} where the runtime exposes it.
 *
 * <p>Immutable and thread-safe; registering it twice in one application installs the filters once.
 */
public final class AuthKitFeature implements Feature {

  /** The request property holding the {@link AuthPrincipal} of an authenticated request (as the servlet filter's attribute). */
  public static final String PRINCIPAL_PROPERTY = "dev.authkit.principal";

  private static final Logger LOG = LoggerFactory.getLogger(AuthKitFeature.class);

  private final AuthKit authKit;
  private final @Nullable Function<ContainerRequestContext, @Nullable String> remoteAddress;
  private final @Nullable Predicate<ContainerRequestContext> secureConnection;

  /**
   * Creates the feature with the default peer-address lookup.
   *
   * @param authKit the configured facade; not null
   */
  public AuthKitFeature(AuthKit authKit) {
    this(requireNonNull(authKit, "authKit"), null, null);
  }

  private AuthKitFeature(AuthKit authKit, @Nullable Function<ContainerRequestContext, @Nullable String> remoteAddress,
      @Nullable Predicate<ContainerRequestContext> secureConnection) {
    this.authKit = authKit;
    this.remoteAddress = remoteAddress;
    this.secureConnection = secureConnection;
  }

  /**
   * Starts a configuration, for options beyond {@link #AuthKitFeature(AuthKit)}.
   *
   * @param authKit the configured facade; not null
   * @return a builder
   */
  public static Builder builder(AuthKit authKit) {
    return new Builder(requireNonNull(authKit, "authKit"));
  }

  /**
   * Returns the {@link AuthPrincipal} behind a {@link SecurityContext} ({@code @Context SecurityContext}
   * in a resource method): portable across runtimes, unlike injecting {@code AuthPrincipal} itself.
   *
   * @param securityContext the request's security context; not null
   * @return the caller, or empty when the request is anonymous or authenticated by something else
   */
  public static Optional<AuthPrincipal> principal(SecurityContext securityContext) {
    requireNonNull(securityContext, "securityContext");
    return securityContext.getUserPrincipal() instanceof AuthPrincipal
        ? Optional.of((AuthPrincipal) securityContext.getUserPrincipal()) : Optional.empty();
  }

  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().isRegistered(AuthenticationFilter.class)) {
      return false;
    }
    Function<ContainerRequestContext, @Nullable String> address = remoteAddress != null ? remoteAddress
        : RemoteAddresses.forRuntime(context);
    Predicate<ContainerRequestContext> secure = secureConnection != null ? secureConnection
        : SecureConnections.forRuntime(context);
    context.register(new AuthenticationFilter(authKit, address, secure), Priorities.AUTHENTICATION);
    context.register(new AnnotationBinding(authKit, address, secure));
    LOG.info("authkit JAX-RS feature active: {}", authKit);
    return true;
  }

  @Override
  public String toString() {
    return "AuthKitFeature[" + authKit + "]";
  }

  /** Binds an {@link AuthorizationFilter} with the method's declared requirement to every resource method. */
  static final class AnnotationBinding implements DynamicFeature {
    private final AuthKit authKit;
    private final Function<ContainerRequestContext, @Nullable String> remoteAddress;
    private final Predicate<ContainerRequestContext> secureConnection;
    private final LocatorRequirements locators = new LocatorRequirements();

    AnnotationBinding(AuthKit authKit, Function<ContainerRequestContext, @Nullable String> remoteAddress,
        Predicate<ContainerRequestContext> secureConnection) {
      this.authKit = authKit;
      this.remoteAddress = remoteAddress;
      this.secureConnection = secureConnection;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
      Method method = resourceInfo.getResourceMethod();
      Class<?> resourceClass = resourceInfo.getResourceClass();
      @Nullable Requirement declared = method == null || resourceClass == null ? null
          : AnnotationRequirements.of(method, resourceClass).orElse(null);
      context.register(new AuthorizationFilter(authKit, declared, locators, remoteAddress, secureConnection),
          Priorities.AUTHORIZATION);
    }
  }

  /** Configures {@link AuthKitFeature}. Each option may be set once. Not thread-safe. */
  public static final class Builder {
    private final AuthKit authKit;
    private @Nullable Function<ContainerRequestContext, @Nullable String> remoteAddress;
    private @Nullable Predicate<ContainerRequestContext> secureConnection;

    private Builder(AuthKit authKit) {
      this.authKit = authKit;
    }

    /**
     * Reads the peer's IP address of a request (used only for {@link AuthKit.Builder#trustedProxies}
     * and {@link AuthKit.Builder#insecureAllowHttpFromLoopback()}). Default: RESTEasy's
     * {@code HttpRequest.getRemoteAddress()}, or Jersey's Grizzly or servlet {@code getRemoteAddr()};
     * on other runtimes none, so those two options never apply.
     *
     * @param resolver returns an IP literal as the container reports the peer, or null when unknown;
     *     called on the request thread before resource matching; must not throw
     * @return this builder
     */
    public Builder remoteAddress(Function<ContainerRequestContext, @Nullable String> resolver) {
      checkUnset(remoteAddress, "remoteAddress");
      this.remoteAddress = requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Decides whether a request arrived over a TLS connection (the {@code https} scheme authkit's
     * HTTPS check and {@code SecurityContext.isSecure()} start from). Default: the connection as
     * RESTEasy on Undertow ({@code getSslSessionInfo()}), Grizzly ({@code Request.isSecure()}) or a
     * servlet container ({@code isSecure()}) report it; on other runtimes never, so credentials need a
     * trusted proxy's {@code X-Forwarded-Proto}. Never decide from the request URI: a client sets its
     * scheme with an absolute-form request line.
     *
     * @param decision true for a TLS connection; called on the request thread before resource
     *     matching; must not throw
     * @return this builder
     */
    public Builder secureConnection(Predicate<ContainerRequestContext> decision) {
      checkUnset(secureConnection, "secureConnection");
      this.secureConnection = requireNonNull(decision, "decision");
      return this;
    }

    /** Returns the feature. */
    public AuthKitFeature build() {
      return new AuthKitFeature(authKit, remoteAddress, secureConnection);
    }
  }
}
