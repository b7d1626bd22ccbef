package dev.authkit.servlet;

import static java.util.Objects.requireNonNull;

import dev.authkit.AuthPrincipal;
import dev.authkit.http.AuthKit;
import dev.authkit.http.AuthResponse;
import dev.authkit.http.RequestView;
import dev.authkit.http.ResourceMetadata;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.authkit.config.AuthKitConfiguration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects a Jakarta Servlet 6.0+ application: every request's credential is verified and the
 * access rules enforced before the application sees it.
 *
 * <p>Three ways to wire it: in code with a built {@link AuthKit} (below); in {@code web.xml} or with
 * {@code @WebFilter} using the no-argument constructor and {@code authkit.*} init-parameters; or
 * with the no-argument constructor and {@code authkit.*} system properties / {@code AUTHKIT_*}
 * environment variables. Keys are listed in {@link AuthKitConfiguration}.
 *
 * <pre>{@code
 * AuthKit authKit = AuthKit.builder().jwt(jwtAuthenticator).accessRules(rules).build();
 * FilterRegistration.Dynamic filter = servletContext.addFilter("authkit", new AuthKitFilter(authKit));
 * filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>On success the application keeps using the Servlet API it knows: {@code getUserPrincipal()} is
 * the {@link AuthPrincipal}, {@code isUserInRole()} checks its roles, {@code getAuthType()} is
 * {@code Bearer}/{@code ApiKey}/{@code CLIENT_CERT}, {@code getRemoteUser()} is the subject, and the
 * principal is the request attribute {@value #PRINCIPAL_ATTRIBUTE}. Otherwise the filter writes the
 * response core's table gives (400, 401, 403, 429 or 503 with its challenge and problem body) and
 * the application is not called. A request with more than 256 distinct header names is answered 400
 * ({@code invalid_request}) before anything else: copying them through the Servlet API costs n² on
 * some containers. When {@link AuthKit#resourceMetadata()} is configured, GET requests
 * to its well-known path are answered with the RFC 9728 document.
 *
 * <p>Thread-safe; one instance serves all requests.
 */
public final class AuthKitFilter implements Filter {

  /** The request attribute holding the {@link AuthPrincipal} of an authenticated request. */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.authkit.principal";

  private static final Logger LOG = LoggerFactory.getLogger(AuthKitFilter.class);

  private volatile @Nullable AuthKit authKit;
  private volatile AuthKitConfiguration.@Nullable Configured configured;

  /**
   * Creates the filter with a facade built in code.
   *
   * @param authKit the configured facade; not null
   */
  public AuthKitFilter(AuthKit authKit) {
    this.authKit = requireNonNull(authKit, "authKit");
  }

  /**
   * Creates a filter configured in {@link #init(FilterConfig)} from {@code authkit.*} init-parameters,
   * then system properties, then {@code AUTHKIT_*} environment variables (see
   * {@link AuthKitConfiguration} for every key). For {@code web.xml} and {@code @WebFilter}.
   */
  public AuthKitFilter() {
    this.authKit = null;
  }

  /**
   * Builds the facade from configuration when the filter was created without one.
   *
   * @throws ServletException naming the missing or invalid key, or an unknown {@code authkit.*}
   *     init-parameter; the application then does not start unprotected
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    if (authKit == null) {
      try {
        List<String> names = filterConfig == null ? List.of() : Collections.list(filterConfig.getInitParameterNames());
        AuthKitConfiguration.checkKnown(names);
        AuthKitConfiguration.checkKnownSystemSources(System.getProperties().stringPropertyNames(), System.getenv().keySet());
        Function<String, @Nullable String> system = AuthKitConfiguration.systemSources();
        AuthKitConfiguration.Configured built = AuthKitConfiguration.build(key -> {
          String value = filterConfig == null ? null : filterConfig.getInitParameter(key);
          return value != null ? value : system.apply(key);
        });
        configured = built;
        authKit = built.authKit();
      } catch (IllegalArgumentException e) {
        throw new ServletException("authkit filter configuration: " + e.getMessage(), e);
      }
    }
    LOG.info("authkit filter {} active: {}", filterConfig == null ? "" : filterConfig.getFilterName(), authKit);
  }

  /** Stops the key-set threads of a configuration built by {@link #init(FilterConfig)}. */
  @Override
  public void destroy() {
    AuthKitConfiguration.Configured built = configured;
    if (built != null) {
      built.close();
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      throw new ServletException("AuthKitFilter handles HTTP requests only");
    }
    AuthKit authKit = this.authKit;
    if (authKit == null) {
      throw new ServletException("AuthKitFilter used before init(FilterConfig)");
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    Optional<RequestView> built = ServletRequestViews.of(httpRequest);
    if (built.isEmpty()) {
      LOG.debug("Request refused: MALFORMED_REQUEST (more than {} header fields) {}", ServletRequestViews.MAX_HEADER_NAMES,
          httpRequest.getMethod());
      write(authKit.responseFor(new dev.authkit.AuthResult.Failed(dev.authkit.Reason.MALFORMED_REQUEST,
          "more than " + ServletRequestViews.MAX_HEADER_NAMES + " header fields", Optional.empty())), httpResponse);
      return;
    }
    RequestView view = built.get();
    if (serveResourceMetadata(authKit, view, httpResponse)) {
      return;
    }
    AuthKit.Outcome outcome;
    try {
      outcome = authKit.handle(view);
    } catch (RuntimeException unexpected) {
      // Fail closed, never with a 500 or a stack trace.
      LOG.error("authkit could not decide on {} {}: {}", view.method(), view.path(), unexpected.getClass().getName());
      outcome = new AuthKit.Outcome(null, authKit.responseFor(new dev.authkit.AuthResult.Failed(
          dev.authkit.Reason.STORE_UNAVAILABLE, "unexpected failure", Optional.empty())));
    }
    Optional<AuthResponse> refusal = outcome.responseToWrite();
    if (refusal.isPresent()) {
      write(refusal.get(), httpResponse);
      return;
    }
    AuthPrincipal principal = outcome.principal();
    if (principal == null) {
      chain.doFilter(request, response);
      return;
    }
    httpRequest.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
    chain.doFilter(new AuthenticatedRequest(httpRequest, principal), response);
  }

  private static boolean serveResourceMetadata(AuthKit authKit, RequestView view, HttpServletResponse response)
      throws IOException {
    @Nullable ResourceMetadata metadata = authKit.resourceMetadata().orElse(null);
    if (metadata == null || !view.method().equals("GET") || !view.path().equals(metadata.wellKnownPath())) {
      return false;
    }
    byte[] body = metadata.toJson().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return true;
  }

  private static void write(AuthResponse refusal, HttpServletResponse response) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(refusal.status());
    for (Map.Entry<String, String> header : refusal.headers()) {
      response.addHeader(header.getKey(), header.getValue());
    }
    response.setHeader("Cache-Control", "no-store");
    byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
    response.setContentType(refusal.contentType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  @Override
  public String toString() {
    return "AuthKitFilter[" + (authKit == null ? "not initialized" : authKit) + "]";
  }
}
