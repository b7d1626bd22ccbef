package dev.authkit.http;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthResult;
import dev.authkit.AuthenticationMethod;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.access.AccessDecision;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Authorizer;
import dev.authkit.access.Requirement;
import dev.authkit.internal.EventPublisher;
import dev.authkit.internal.Redaction;
import dev.authkit.internal.http.CredentialExtractor;
import dev.authkit.internal.http.CredentialExtractor.Credential;
import dev.authkit.internal.http.ResponseTable;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.mtls.ClientCertificateAuthenticator;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.CredentialRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-level facade both adapters call: finds the request's one credential, verifies it,
 * evaluates the access rules, and says which response to write when the request may not proceed.
 * Adapters only translate; every security decision is made here.
 *
 * <pre>{@code
 * AuthKit authKit = AuthKit.builder()
 *     .jwt(jwtAuthenticator)
 *     .accessRules(AccessRules.builder()
 *         .permitAll("/health")
 *         .rule("GET", "/v1/orders", Requirement.allScopes("orders:read"))
 *         .build())
 *     .build();
 *
 * AuthKit.Outcome outcome = authKit.handle(requestView);
 * if (outcome.response().isPresent()) { write(outcome.response().get()); } else { proceed(outcome.principal()); }
 * }</pre>
 *
 * <p>Rules (DESIGN decision 8): a credential over plain HTTP is refused ({@code HTTPS_REQUIRED}, 403)
 * without being evaluated, unless a trusted proxy says the client used HTTPS
 * ({@code X-Forwarded-Proto}, RFC 7239 {@code Forwarded}) or {@link Builder#insecureAllowHttpFromLoopback()}
 * is set and the peer is a loopback address. A bad credential is refused even on {@code permitAll}
 * resources.
 *
 * <p>Immutable and thread-safe after {@link Builder#build()}.
 */
public final class AuthKit {

  /** Default realm of the challenges: {@code api}. */
  public static final String DEFAULT_REALM = "api";
  /** Default header for API keys: {@code X-API-Key}. */
  public static final String DEFAULT_API_KEY_HEADER = "X-API-Key";
  /** Default {@code Retry-After} of 503 responses: 30 seconds. */
  public static final Duration DEFAULT_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(AuthKit.class);
  private static final int MAX_FINGERPRINTED_LENGTH = 64 * 1024;

  private final @Nullable JwtAuthenticator jwt;
  private final @Nullable ClientCertificateAuthenticator clientCertificates;
  private final @Nullable ApiKeyAuthenticator apiKeys;
  private final AccessRules accessRules;
  private final CredentialExtractor extractor;
  private final ResponseTable responses;
  private final Set<String> trustedProxies;
  private final boolean allowHttpFromLoopback;
  private final EventPublisher events;
  private final Clock clock;
  private final @Nullable ResourceMetadata resourceMetadata;

  private AuthKit(Builder builder) {
    this.jwt = builder.jwt;
    this.clientCertificates = builder.clientCertificates;
    this.apiKeys = builder.apiKeys;
    this.accessRules = builder.accessRules == null ? AccessRules.authenticatedOnly() : builder.accessRules;
    this.extractor = new CredentialExtractor(apiKeys == null ? List.of() : List.copyOf(apiKeys.prefixes()),
        apiKeys == null ? null : (builder.apiKeyHeader == null ? DEFAULT_API_KEY_HEADER : builder.apiKeyHeader),
        clientCertificates != null);
    this.resourceMetadata = builder.resourceMetadata;
    this.responses = new ResponseTable(builder.realm == null ? DEFAULT_REALM : builder.realm, apiKeys != null,
        resourceMetadata == null ? null : resourceMetadata.metadataUrl().toString(),
        builder.unavailableRetryAfter == null ? DEFAULT_UNAVAILABLE_RETRY_AFTER : builder.unavailableRetryAfter);
    this.trustedProxies = Set.copyOf(builder.trustedProxies);
    this.allowHttpFromLoopback = builder.allowHttpFromLoopback;
    this.events = new EventPublisher(builder.listeners);
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What to do with a request: proceed (with a principal, or anonymously where the rules permit),
   * or write {@link #response()}.
   *
   * @param principal the verified caller; null when anonymous or when a response must be written
   * @param response the response to write instead of proceeding; null to proceed
   */
  public record Outcome(@Nullable AuthPrincipal principal, @Nullable AuthResponse response) {
    /** Returns the response to write, or empty to let the request proceed. */
    public Optional<AuthResponse> responseToWrite() {
      return Optional.ofNullable(response);
    }

    /** Returns the verified caller, or empty. */
    public Optional<AuthPrincipal> caller() {
      return Optional.ofNullable(principal);
    }
  }

  /**
   * Authenticates, then authorizes by the access rules: the servlet filter's one call.
   *
   * @param request not null
   * @return the outcome; never null; never throws for bad input
   */
  public Outcome handle(RequestView request) {
    AuthResult result = authenticate(request);
    if (result instanceof AuthResult.Failed) {
      return new Outcome(null, responseFor((AuthResult.Failed) result));
    }
    AuthPrincipal principal = result instanceof AuthResult.Authenticated
        ? ((AuthResult.Authenticated) result).principal() : null;
    Requirement requirement = accessRules.requirementFor(request, principal != null);
    AccessDecision decision = authorize(requirement, principal, request);
    if (decision.isAllowed()) {
      return new Outcome(principal, null);
    }
    return new Outcome(null, responseFor(decision));
  }

  /**
   * Finds and verifies the request's credential (RFC 6750 §2.1 Bearer header).
   *
   * @param request not null
   * @return {@code Authenticated}, {@code Anonymous} (no credential), or {@code Failed}; never throws
   *     for bad input
   */
  public AuthResult authenticate(RequestView request) {
    requireNonNull(request, "request");
    Credential credential;
    try {
      credential = extractor.extract(request);
    } catch (AuthenticationException e) {
      return failed(request, e.reason(), e.getMessage(), null);
    }
    if (credential.kind() == CredentialExtractor.Kind.NONE) {
      return AuthResult.anonymous();
    }
    if (!isSecure(request)) {
      return failed(request, Reason.HTTPS_REQUIRED, "a credential arrived over plain HTTP", credential.value());
    }
    try {
      switch (credential.kind()) {
        case BEARER_JWT:
          if (jwt == null) {
            return new AuthResult.Failed(Reason.MALFORMED, "Bearer tokens are not accepted here", Optional.empty());
          }
          return new AuthResult.Authenticated(jwt.authenticate(credential.value()));
        case BEARER_API_KEY:
        case HEADER_API_KEY:
          return new AuthResult.Authenticated(apiKeys.authenticate(credential.value()));
        case CLIENT_CERTIFICATE:
          return new AuthResult.Authenticated(clientCertificates.authenticate(request.clientCertificates()));
        default:
          return AuthResult.anonymous();
      }
    } catch (CredentialRejectedException e) {
      // The authenticator already logged and published this failure.
      return new AuthResult.Failed(e.reason(), e.getMessage(), e.retryAfter(), Optional.of(method(credential)));
    } catch (AuthenticationException e) {
      return new AuthResult.Failed(e.reason(), e.getMessage(), Optional.empty(), Optional.of(method(credential)));
    }
  }

  /**
   * Evaluates a requirement (from the access rules, or from annotations) and publishes an
   * {@code ACCESS_DENIED} event when an authenticated caller is refused.
   *
   * @param requirement not null
   * @param principal the caller, or null when anonymous
   * @param request not null
   * @return the decision
   */
  public AccessDecision authorize(Requirement requirement, @Nullable AuthPrincipal principal, RequestView request) {
    AccessDecision decision = Authorizer.instance().decide(requirement, principal, request);
    if (principal != null && decision.reason().isPresent()) {
      LOG.debug("Access denied: {} for {} {} by requirement {}", decision.reason().get(), request.method(),
          request.path(), requirement);
      if (events.hasListeners()) {
        events.publish(AuthEvent.builder(AuthEvent.Type.ACCESS_DENIED, clock.instant())
            .reason(decision.reason().get())
            .authenticationMethod(principal.authenticationMethod())
            .issuer(principal.issuer().orElse(null))
            .subject(principal.subject())
            .detail(request.method() + " " + request.path() + " requires " + requirement)
            .build());
      }
    }
    return decision;
  }

  /**
   * Returns the requirement the access rules give a request.
   *
   * @param request not null
   * @param hasCredential whether a credential was presented
   */
  public Requirement requirementFor(RequestView request, boolean hasCredential) {
    return accessRules.requirementFor(request, hasCredential);
  }

  /**
   * Returns the requirement of the access rule that matches a request, if one does
   * ({@link AccessRules#matchingRequirement}): adapters with requirements of their own (JAX-RS
   * annotations) combine it with theirs, both must hold.
   *
   * @param request not null
   * @param hasCredential whether a credential was presented
   * @return the matching rule's requirement ({@code permitAll} for a let-through CORS preflight), or
   *     empty when no rule matches
   */
  public Optional<Requirement> matchingRule(RequestView request, boolean hasCredential) {
    return accessRules.matchingRequirement(request, hasCredential);
  }

  /**
   * Returns true when the access rules let this request through as a CORS preflight
   * ({@link AccessRules.Builder#permitCorsPreflight()}).
   *
   * @param request not null
   * @param hasCredential whether a credential was presented
   */
  public boolean isLetThroughPreflight(RequestView request, boolean hasCredential) {
    return accessRules.isLetThroughPreflight(request, hasCredential);
  }

  /**
   * Returns whether the client reached this application over HTTPS, as authkit decides it: the
   * request's own scheme ({@link RequestView#scheme()}, which adapters take from the connection), or
   * the report of a {@linkplain Builder#trustedProxies trusted proxy} ({@code X-Forwarded-Proto},
   * RFC 7239 {@code Forwarded}; both must say {@code https} when both are present). Adapters use it
   * for their framework's "is secure" answer so that it agrees with authkit's own HTTPS check.
   * {@link Builder#insecureAllowHttpFromLoopback()} does not make a request HTTPS: it only lets
   * credentials through over plain HTTP.
   *
   * @param request not null
   * @return true for HTTPS; false for plain HTTP or an untrusted claim of HTTPS
   */
  public boolean isHttps(RequestView request) {
    requireNonNull(request, "request");
    return request.scheme().equals("https") || trustedProxies.contains(request.remoteAddress()) && proxySaysHttps(request);
  }

  /**
   * Returns the response for a failed authentication: 400, 401, 403, 429 or 503 by reason; the
   * error rides on the challenge of the credential's scheme ({@code ApiKey} for API keys).
   */
  public AuthResponse responseFor(AuthResult.Failed failure) {
    return responses.failure(failure.reason(), Set.of(), failure.retryAfter().orElse(null),
        failure.method().map(method -> method == AuthenticationMethod.API_KEY).orElse(false));
  }

  private static AuthenticationMethod method(Credential credential) {
    switch (credential.kind()) {
      case BEARER_API_KEY:
      case HEADER_API_KEY:
        return AuthenticationMethod.API_KEY;
      case CLIENT_CERTIFICATE:
        return AuthenticationMethod.CLIENT_CERTIFICATE;
      default:
        return AuthenticationMethod.JWT;
    }
  }

  /** Returns the response for a refused access decision: 401 bare challenge, or 403. */
  public AuthResponse responseFor(AccessDecision decision) {
    if (decision.isAllowed()) {
      throw new IllegalArgumentException("the decision allows the request");
    }
    if (decision.needsAuthenticationFirst()) {
      return responses.authenticationRequired();
    }
    return responses.failure(decision.reason().orElseThrow(), decision.requiredScopes(), null, false);
  }

  /** Returns the RFC 9728 protected-resource metadata, when configured. */
  public Optional<ResourceMetadata> resourceMetadata() {
    return Optional.ofNullable(resourceMetadata);
  }

  @Override
  public String toString() {
    return "AuthKit[jwt=" + (jwt != null) + ", apiKeys=" + (apiKeys != null) + ", clientCertificates=" + (clientCertificates != null) + ", rules="
        + accessRules.rules().size() + "]";
  }

  private AuthResult failed(RequestView request, Reason reason, String detail, @Nullable String credential) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("Request refused: {} ({}) {} {} credential={}", reason, detail, request.method(), request.path(),
          credential == null ? "-" : Redaction.fingerprint(credential, MAX_FINGERPRINTED_LENGTH));
    }
    if (events.hasListeners()) {
      events.publish(AuthEvent.builder(AuthEvent.Type.AUTHENTICATION_FAILED, clock.instant())
          .reason(reason)
          .credentialFingerprint(credential == null ? null : Redaction.fingerprint(credential, MAX_FINGERPRINTED_LENGTH))
          .detail(detail)
          .build());
    }
    return new AuthResult.Failed(reason, detail, Optional.empty());
  }

  private boolean isSecure(RequestView request) {
    return isHttps(request) || allowHttpFromLoopback && isLoopbackLiteral(request.remoteAddress());
  }

  /**
   * True only when the nearest proxy's report says https and nothing says otherwise: the last
   * {@code proto} of RFC 7239 {@code Forwarded} and the last value of {@code X-Forwarded-Proto} are
   * both read, and when both are present they must agree. A client-sent header that the proxy
   * passes through can therefore never upgrade a plain-HTTP request.
   */
  private static boolean proxySaysHttps(RequestView request) {
    String forwarded = null;
    List<String> forwardedFields = request.headers("Forwarded");
    if (!forwardedFields.isEmpty()) {
      String field = forwardedFields.get(forwardedFields.size() - 1);
      String element = field.substring(field.lastIndexOf(',') + 1);
      for (String pair : element.split(";")) {
        String trimmed = pair.trim();
        if (trimmed.regionMatches(true, 0, "proto=", 0, 6)) {
          forwarded = unquote(trimmed.substring(6)).toLowerCase(Locale.ROOT);
        }
      }
    }
    String xfp = null;
    List<String> xfpFields = request.headers("X-Forwarded-Proto");
    if (!xfpFields.isEmpty()) {
      String field = xfpFields.get(xfpFields.size() - 1);
      xfp = field.substring(field.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
    }
    if (forwarded == null && xfp == null) {
      return false;
    }
    return (forwarded == null || forwarded.equals("https")) && (xfp == null || xfp.equals("https"));
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1)
        : value;
  }

  /** Loopback by literal only (127.0.0.0/8, ::1): never a DNS lookup on the request path. */
  static boolean isLoopbackLiteral(String address) {
    String value = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    if (value.equals("::1") || value.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    if (!value.startsWith("127.")) {
      return false;
    }
    String[] octets = value.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Configures {@link AuthKit}. Each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable JwtAuthenticator jwt;
    private @Nullable ClientCertificateAuthenticator clientCertificates;
    private @Nullable ApiKeyAuthenticator apiKeys;
    private @Nullable String apiKeyHeader;
    private @Nullable AccessRules accessRules;
    private @Nullable String realm;
    private final List<String> trustedProxies = new ArrayList<>();
    private boolean allowHttpFromLoopback;
    private @Nullable Duration unavailableRetryAfter;
    private @Nullable ResourceMetadata resourceMetadata;
    private final List<AuthEventListener> listeners = new ArrayList<>();
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * Verifies Bearer JWT access tokens with this authenticator.
     *
     * @param authenticator not null
     * @return this builder
     */
    public Builder jwt(JwtAuthenticator authenticator) {
      checkUnset(jwt, "jwt");
      this.jwt = requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Accepts API keys: in the API-key header (default {@value AuthKit#DEFAULT_API_KEY_HEADER}), or as
     * the Bearer value when it starts with one of the authenticator's prefixes and {@code _}. 401
     * responses then also carry an {@code ApiKey realm="..."} challenge.
     *
     * @param authenticator not null
     * @return this builder
     */
    public Builder apiKeys(ApiKeyAuthenticator authenticator) {
      checkUnset(apiKeys, "apiKeys");
      this.apiKeys = requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Sets the header API keys arrive in. Default {@value AuthKit#DEFAULT_API_KEY_HEADER}.
     *
     * @param name an HTTP field name (RFC 9110 §5.1 token); not {@code Authorization}
     * @return this builder
     */
    public Builder apiKeyHeader(String name) {
      checkUnset(apiKeyHeader, "apiKeyHeader");
      requireNonNull(name, "name");
      if (name.isEmpty() || name.equalsIgnoreCase("Authorization")
          || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        throw new IllegalArgumentException("apiKeyHeader must be an HTTP field name other than Authorization");
      }
      this.apiKeyHeader = name;
      return this;
    }

    /**
     * Accepts client certificates (mutual TLS) the container verified, when the request carries no
     * header credential. Off by default.
     *
     * @param authenticator not null
     * @return this builder
     */
    public Builder clientCertificates(ClientCertificateAuthenticator authenticator) {
      checkUnset(clientCertificates, "clientCertificates");
      this.clientCertificates = requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Sets the access rules. Default: every request needs an authenticated caller.
     *
     * @param rules not null
     * @return this builder
     */
    public Builder accessRules(AccessRules rules) {
      checkUnset(accessRules, "accessRules");
      this.accessRules = requireNonNull(rules, "rules");
      return this;
    }

    /**
     * Sets the {@code realm} of the challenges (RFC 6750 §3). Default {@value AuthKit#DEFAULT_REALM}.
     *
     * @param value 1 to 100 printable ASCII characters, without {@code "} or {@code \}
     * @return this builder
     */
    public Builder realm(String value) {
      checkUnset(realm, "realm");
      this.realm = quotable(value, "realm");
      return this;
    }

    /**
     * Trusts {@code X-Forwarded-Proto} and {@code Forwarded: proto=} from these peer addresses only
     * (your load balancer or reverse proxy). Default: none, so those headers are ignored. The last
     * value of each is read; when both headers are present they must both say {@code https}, so a
     * header the client sent and the proxy passed through cannot upgrade a plain-HTTP request.
     *
     * @param addresses IP literals exactly as the container reports the peer
     * @return this builder
     */
    public Builder trustedProxies(String... addresses) {
      checkUnset(!trustedProxies.isEmpty(), "trustedProxies");
      for (String address : requireNonNull(addresses, "addresses")) {
        trustedProxies.add(requireNonNull(address, "address"));
      }
      return this;
    }

    /**
     * Accepts credentials over plain HTTP when the peer is a loopback address (127.0.0.0/8, ::1),
     * for local development. Weakens security behind a local reverse proxy that terminates TLS
     * elsewhere: prefer {@link #trustedProxies}.
     *
     * @return this builder
     */
    public Builder insecureAllowHttpFromLoopback() {
      checkUnset(allowHttpFromLoopback, "insecureAllowHttpFromLoopback");
      this.allowHttpFromLoopback = true;
      return this;
    }

    /**
     * Sets the {@code Retry-After} of 503 responses (keys or store unreachable). Default 30 seconds.
     *
     * @param value from 1 second to 1 hour
     * @return this builder
     */
    public Builder unavailableRetryAfter(Duration value) {
      checkUnset(unavailableRetryAfter, "unavailableRetryAfter");
      requireNonNull(value, "value");
      if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("unavailableRetryAfter must be between 1 s and 1 h, was " + value);
      }
      this.unavailableRetryAfter = value;
      return this;
    }

    /**
     * Publishes RFC 9728 protected-resource metadata and names it in challenges
     * ({@code resource_metadata}, RFC 9728 §5.1).
     *
     * @param value not null
     * @return this builder
     */
    public Builder resourceMetadata(ResourceMetadata value) {
      checkUnset(resourceMetadata, "resourceMetadata");
      this.resourceMetadata = requireNonNull(value, "value");
      quotable(value.metadataUrl().toString(), "resource metadata URL");
      return this;
    }

    /**
     * Adds a listener for request-level events ({@code ACCESS_DENIED}, refusals before any
     * authenticator runs). Authenticators publish their own events to their own listeners.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder addEventListener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the clock for event timestamps. Default {@link Clock#systemUTC()}.
     *
     * @param value not null
     * @return this builder
     */
    public Builder clock(Clock value) {
      checkUnset(clock, "clock");
      this.clock = requireNonNull(value, "value");
      return this;
    }

    /**
     * Builds the facade.
     *
     * @return an immutable, thread-safe facade
     * @throws IllegalStateException if no authenticator is configured
     */
    public AuthKit build() {
      if (jwt == null && apiKeys == null && clientCertificates == null) {
        throw new IllegalStateException(
            "AuthKit needs at least one authenticator: call jwt(..), apiKeys(..) or clientCertificates(..)");
      }
      return new AuthKit(this);
    }

    private static String quotable(String value, String what) {
      requireNonNull(value, what);
      if (value.isEmpty() || value.length() > 2048) {
        throw new IllegalArgumentException(what + " must have 1 to 2048 characters");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          throw new IllegalArgumentException(what + " must be printable ASCII without '\"' or '\\'");
        }
      }
      return value;
    }
  }
}
