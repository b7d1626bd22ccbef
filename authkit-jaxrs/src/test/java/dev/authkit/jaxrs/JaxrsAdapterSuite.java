package dev.authkit.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthEvent;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.mtls.ClientCertificateAuthenticator;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.authkit.http.AuthKit;
import dev.authkit.http.ResourceMetadata;
import dev.authkit.testing.AdapterScenarios;
import dev.authkit.testing.AdapterScenarios.HeaderCase;
import dev.authkit.testing.AdapterScenarios.Scenario;
import dev.authkit.testing.Challenges;
import dev.authkit.testing.RawHttp;
import dev.authkit.testing.ScenarioAssertions;
import dev.authkit.testing.Tokens;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One suite, run against every JAX-RS runtime (each subclass names one; each runs in its own JVM
 * fork). The application expresses {@code AdapterScenarios.rules()} with annotations on an
 * {@code AuthKit} without path rules, so the shared table's expectations (the servlet suite's) must
 * hold unchanged. Every {@code WWW-Authenticate} received is parsed against the RFC 6750 grammar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JaxrsAdapterSuite {

  private static final String VALID = Tokens.fixture();
  private static final String ADMIN = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("admin")));
  private static final String WRITER = Tokens.fixtureWithClaims(c -> c.put("scope", "orders:write"));
  private static final String READ_WRITE = Tokens.fixtureWithClaims(c -> c.put("scope", "read orders:write"));
  private static final String OTHER_SCOPE = Tokens.fixtureWithClaims(c -> c.put("scope", "profile"));
  private static final String ADMIN_WRITER = Tokens.fixtureWithClaims(c -> {
    c.put("roles", List.of("admin"));
    c.put("scope", "orders:write");
  });
  private static final String CLERK = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("clerk")));
  private static final String CLERK_ADMIN = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("clerk", "admin")));
  private static final String AUDITOR = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("auditor")));
  private static final String EXPIRED = Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600));

  private final AdapterScenarios.Fixture fixture = AdapterScenarios.fixture(true, AccessRules.authenticatedOnly());
  private JaxrsRuntime runtime;
  private int port;

  abstract JaxrsRuntime newRuntime();

  /**
   * Whether the HTTP server replaces a horizontal tab inside a header value with a space before
   * the application (and so authkit) sees it. Undertow does; Grizzly, Jetty and Tomcat do not.
   */
  abstract boolean serverRewritesTabInHeaderValues();

  /**
   * Whether the HTTP server refuses a request whose headers exceed 8 KiB with its own bare 400 before
   * any filter runs. Grizzly does (its default limit); Undertow's default is far larger.
   */
  abstract boolean serverRefusesHeadersOver8KiB();

  @BeforeAll
  void start() throws Exception {
    runtime = newRuntime();
    port = runtime.start(TestResources.application(new AuthKitFeature(fixture.authKit())));
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  private RawHttp.Response get(String path, String token) throws Exception {
    return RawHttp.send(port, "GET", path, token == null ? List.of() : List.of(Map.entry("Authorization", "Bearer " + token)));
  }

  Stream<Scenario> scenarios() {
    return fixture.scenarios().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void requestWhenScenarioThenSameAnswerAsServletFilter(Scenario scenario) throws Exception {
    ScenarioAssertions.assertAnswers(RawHttp.send(port, scenario.method(), scenario.path(), scenario.headers()), scenario);
  }

  static Stream<HeaderCase> bearerHeaderTable() {
    return AdapterScenarios.bearerHeaderTable().stream();
  }

  /** CASES.md BR-24 through the JAX-RS runtime. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("bearerHeaderTable")
  void requestWhenBearerHeaderVariantThenExactOutcome(HeaderCase row) throws Exception {
    HeaderCase expected = row;
    if (serverRewritesTabInHeaderValues() && row.header().startsWith("Bearer\t")) {
      // The server hands the application "Bearer <token>": the row authkit sees is the accepted one.
      // serverWhenHeaderValueHasTabThenApplicationSeesWhatServerPassed pins that rewrite.
      expected = new HeaderCase(row.header(), 200, null);
    }
    ScenarioAssertions.assertAnswers(
        RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("Authorization", row.header()))), expected);
  }

  @Test
  void serverWhenHeaderValueHasTabThenApplicationSeesWhatServerPassed() throws Exception {
    RawHttp.Response response = RawHttp.send(port, "GET", "/echo-header", List.of(Map.entry("X-Probe", "a\tb")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(serverRewritesTabInHeaderValues() ? "[a b]" : "[a<TAB>b]");
  }

  /**
   * Each annotation combination: path, token (null = none), status, and the {@code scope} the
   * challenge must name (a set, order-free), or null for none.
   */
  static Stream<Arguments> annotationMatrix() {
    return Stream.of(
        // class @RolesAllowed("admin"), method without annotations: the class decides
        Arguments.of("/mixed/class", ADMIN, 200, null),
        Arguments.of("/mixed/class", VALID, 403, null),
        Arguments.of("/mixed/class", null, 401, null),
        // method @PermitAll beats class @RolesAllowed
        Arguments.of("/mixed/open", null, 200, null),
        Arguments.of("/mixed/open", VALID, 200, null),
        Arguments.of("/mixed/open", EXPIRED, 401, null),
        // method @DenyAll beats class @RolesAllowed, for every caller
        Arguments.of("/mixed/deny", ADMIN, 403, null),
        Arguments.of("/mixed/deny", null, 403, null),
        // method @RequiresScope and class @RolesAllowed are different kinds: both must hold
        Arguments.of("/mixed/scoped", ADMIN_WRITER, 200, null),
        Arguments.of("/mixed/scoped", WRITER, 403, null),
        Arguments.of("/mixed/scoped", ADMIN, 403, "orders:write"),
        // @RequiresScope: all of
        Arguments.of("/scopes/all", READ_WRITE, 200, null),
        Arguments.of("/scopes/all", VALID, 403, "read orders:write"),
        Arguments.of("/scopes/all", WRITER, 403, "read orders:write"),
        Arguments.of("/scopes/all", null, 401, null),
        // @RequiresAnyScope: any of
        Arguments.of("/scopes/any", VALID, 200, null),
        Arguments.of("/scopes/any", WRITER, 200, null),
        Arguments.of("/scopes/any", OTHER_SCOPE, 403, "orders:write read"),
        // @RolesAllowed and @RequiresScope on one method: both must hold
        Arguments.of("/scopes/role-and-scope", ADMIN_WRITER, 200, null),
        Arguments.of("/scopes/role-and-scope", ADMIN, 403, "orders:write"),
        Arguments.of("/scopes/role-and-scope", WRITER, 403, null),
        // unannotated method on an unannotated class: authenticated
        Arguments.of("/scopes/none", OTHER_SCOPE, 200, null),
        Arguments.of("/scopes/none", null, 401, null),
        // class @DenyAll, method @PermitAll
        Arguments.of("/denied", ADMIN, 403, null),
        Arguments.of("/denied/open", null, 200, null),
        // @RolesAllowed: any of
        Arguments.of("/roles", AUDITOR, 200, null),
        Arguments.of("/roles", ADMIN, 200, null),
        Arguments.of("/roles", VALID, 403, null),
        // @RolesAllowed on the interface method only (Jakarta REST §3.6)
        Arguments.of("/impl/iface", ADMIN, 200, null),
        Arguments.of("/impl/iface", VALID, 403, null),
        Arguments.of("/impl/iface", null, 401, null),
        // class-level @RolesAllowed on the superclass that declares the method
        Arguments.of("/sub/inh", ADMIN, 200, null),
        Arguments.of("/sub/inh", VALID, 403, null),
        // sub-resource locators: the locator's (or its class's) requirement and the method's all hold
        Arguments.of("/loc/items", CLERK, 200, null),
        Arguments.of("/loc/items", VALID, 403, null),
        Arguments.of("/loc/items", null, 401, null),
        Arguments.of("/loc/items/secret", CLERK_ADMIN, 200, null),
        Arguments.of("/loc/items/secret", CLERK, 403, null),
        Arguments.of("/loc/items/secret", ADMIN, 403, null),
        Arguments.of("/loc/pub", null, 200, null),
        Arguments.of("/loc/pub/secret", ADMIN, 200, null),
        Arguments.of("/loc/pub/secret", null, 401, null),
        Arguments.of("/loc/deny", CLERK_ADMIN, 403, null),
        Arguments.of("/loc/deny", null, 403, null),
        Arguments.of("/loc/deny/secret", CLERK_ADMIN, 403, null),
        Arguments.of("/loc/adm", ADMIN, 200, null),
        Arguments.of("/loc/adm", CLERK, 403, null),
        Arguments.of("/loc/x", null, 200, null),
        // @RolesAllowed("**"): any authenticated caller
        Arguments.of("/any-authenticated", VALID, 200, null),
        Arguments.of("/any-authenticated", null, 401, null));
  }

  @ParameterizedTest(name = "{0} {2} scope={3}")
  @MethodSource("annotationMatrix")
  void requestWhenAnnotatedThenDeclaredRequirementsHold(String path, String token, int status, String scope) throws Exception {
    RawHttp.Response response = get(path, token);
    assertThat(response.status()).as(path).isEqualTo(status);
    List<Challenges.Challenge> challenges = response.headers("WWW-Authenticate").stream().map(Challenges::parse).toList();
    if (scope != null) {
      assertThat(challenges).first().satisfies(c -> {
        assertThat(c.params()).containsEntry("error", "insufficient_scope");
        assertThat(Set.of(c.params().get("scope").split(" "))).isEqualTo(Set.of(scope.split(" ")));
      });
    } else if (status == 403) {
      assertThat(challenges).as("403 without scope carries no challenge").isEmpty();
      assertThat(JSONObjectUtils.parse(response.body())).containsEntry("status", 403L);
    } else if (status == 401) {
      assertThat(challenges).extracting(Challenges.Challenge::scheme).containsExactly("Bearer", "ApiKey");
    }
    if (status >= 400) {
      assertThat(response.headers("Content-Type")).singleElement().asString().startsWith("application/problem+json");
      assertThat(response.headers("Cache-Control")).containsExactly("no-store");
    }
  }

  @Test
  void resourceWhenAuthenticatedThenSeesPrincipalThroughSecurityContext() throws Exception {
    assertThat(get("/v1/admin/stats", ADMIN).body())
        .isEqualTo("subject=user-0001;authType=Bearer;principal=true;admin=true;secure=false");
    assertThat(get("/me", VALID).body())
        .isEqualTo("subject=user-0001;authType=Bearer;principal=true;admin=false;secure=false");
    RawHttp.Response key = RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("X-API-Key", fixture.readKey())));
    assertThat(key.body()).isEqualTo("subject=service-read;authType=ApiKey;principal=true;admin=false;secure=false");
    assertThat(get("/me", null).body())
        .isEqualTo("subject=null;authType=null;principal=false;admin=false;secure=false");
  }

  /** Pins the runtime difference the README documents: a 10 KiB token (under authkit's 16 KiB cap). */
  @Test
  void requestWhenTokenOver8KiBThenServerLimitOrAccepted() throws Exception {
    String large = Tokens.fixtureWithClaims(c -> c.put("pad", "x".repeat(10 * 1024)));
    RawHttp.Response response = get("/v1/orders", large);
    if (serverRefusesHeadersOver8KiB()) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.headers("WWW-Authenticate")).as("the server's answer, not authkit's").isEmpty();
    } else {
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(get("/v1/orders", VALID).status()).isEqualTo(200);
  }

  @Test
  void requestWhenNoResourceMatchesThenBadCredentialStillRefused() throws Exception {
    assertThat(get("/no/such/resource", null).status()).isEqualTo(404);
    assertThat(get("/no/such/resource", VALID).status()).isEqualTo(404);
    assertThat(get("/no/such/resource", EXPIRED).status()).isEqualTo(401);
  }

  /**
   * A second application whose facade refuses plain HTTP even from loopback and publishes RFC 9728
   * metadata: proves the runtime's peer address reached core (the main app's 200s over plain HTTP
   * rely on it being loopback), that an absolute-form {@code https://} request line over a plain
   * connection is still plain HTTP, and that the metadata document is served.
   */
  @Test
  void requestWhenPlainHttpAndHttpsRequiredThen403AndMetadataServed() throws Exception {
    ResourceMetadata metadata = ResourceMetadata.of(URI.create("https://api.example.com/orders"),
        List.of(URI.create(Tokens.ISSUER_A)), Set.of("read", "orders:write"));
    // /v1/other has no annotation: the rule opens it; /health has @PermitAll: the denyAll rule still holds.
    AuthKit strict = AuthKit.builder().jwt(AdapterScenarios.jwt()).resourceMetadata(metadata)
        .accessRules(AccessRules.builder().permitAll("/v1/other").rule("/health", Requirement.denyAll()).build())
        .clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(new AuthKitFeature(strict)));
      RawHttp.Response refused = RawHttp.send(otherPort, "GET", "/v1/orders", List.of(Map.entry("Authorization", "Bearer " + VALID)));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(JSONObjectUtils.parse(refused.body())).containsEntry("detail", "Credentials must be sent over HTTPS.");
      RawHttp.Response absoluteForm = RawHttp.send(otherPort, "GET", "https://127.0.0.1:" + otherPort + "/v1/orders",
          List.of(Map.entry("Authorization", "Bearer " + VALID)));
      assertThat(absoluteForm.status()).as("a client-written https:// request target is not TLS").isEqualTo(403);
      assertThat(JSONObjectUtils.parse(absoluteForm.body())).containsEntry("detail", "Credentials must be sent over HTTPS.");
      RawHttp.Response absoluteFormAnonymous = RawHttp.send(otherPort, "GET", "https://127.0.0.1:" + otherPort + "/me", List.of());
      assertThat(absoluteFormAnonymous.status()).isEqualTo(200);
      assertThat(absoluteFormAnonymous.body()).endsWith(";secure=false");
      assertThat(RawHttp.send(otherPort, "GET", "/health", List.of()).status()).isEqualTo(403);
      assertThat(RawHttp.send(otherPort, "GET", "/v1/other", List.of()).status()).isEqualTo(200);
      assertThat(RawHttp.send(otherPort, "GET", "/scopes/none", List.of()).status()).isEqualTo(401);

      RawHttp.Response anonymous = RawHttp.send(otherPort, "GET", "/v1/orders", List.of());
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(Challenges.parse(anonymous.headers("WWW-Authenticate").get(0)).params())
          .containsEntry("resource_metadata", "https://api.example.com/.well-known/oauth-protected-resource/orders");

      RawHttp.Response document = RawHttp.send(otherPort, "GET", "/.well-known/oauth-protected-resource/orders", List.of());
      assertThat(document.status()).isEqualTo(200);
      assertThat(document.headers("Content-Type")).singleElement().asString().startsWith("application/json");
      Map<String, Object> json = JSONObjectUtils.parse(document.body());
      assertThat(json).containsEntry("resource", "https://api.example.com/orders")
          .containsEntry("bearer_methods_supported", List.of("header"));
      assertThat(Arrays.stream(((List<?>) json.get("scopes_supported")).toArray()).map(Object::toString)
          .collect(Collectors.toSet())).isEqualTo(Set.of("read", "orders:write"));
      assertThat(RawHttp.send(otherPort, "POST", "/.well-known/oauth-protected-resource/orders", List.of()).status())
          .as("only GET serves the document").isIn(401, 404, 405);
    }
  }

  /**
   * Behind a trusted proxy that reports HTTPS, authkit accepts the credential and
   * {@code SecurityContext.isSecure()} agrees; without the report (or from the client itself via an
   * absolute-form request line) neither does.
   */
  @Test
  void isSecureWhenTrustedProxyReportsHttpsThenTrueAndAgreesWithAuthKit() throws Exception {
    AuthKit behindProxy = AuthKit.builder().jwt(AdapterScenarios.jwt()).trustedProxies("127.0.0.1")
        .clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(new AuthKitFeature(behindProxy)));
      RawHttp.Response proxied = RawHttp.send(otherPort, "GET", "/me",
          List.of(Map.entry("Authorization", "Bearer " + VALID), Map.entry("X-Forwarded-Proto", "https")));
      assertThat(proxied.status()).isEqualTo(200);
      assertThat(proxied.body()).isEqualTo("subject=user-0001;authType=Bearer;principal=true;admin=false;secure=true");
      assertThat(RawHttp.send(otherPort, "GET", "/me", List.of(Map.entry("X-Forwarded-Proto", "https"))).body())
          .endsWith(";secure=true");
      assertThat(RawHttp.send(otherPort, "GET", "/me", List.of(Map.entry("Authorization", "Bearer " + VALID)))
          .status()).isEqualTo(403);
      assertThat(RawHttp.send(otherPort, "GET", "https://127.0.0.1:" + otherPort + "/me",
          List.of(Map.entry("Authorization", "Bearer " + VALID))).status()).isEqualTo(403);
    }
  }

  /** {@code AuthKitFeature.Builder.secureConnection(..)} replaces the runtime's connection check (for other runtimes). */
  @Test
  void secureConnectionWhenConfiguredThenDecidesTheScheme() throws Exception {
    AuthKit strict = AuthKit.builder().jwt(AdapterScenarios.jwt()).clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(AuthKitFeature.builder(strict)
          .secureConnection(request -> request.getHeaders().containsKey("X-Test-Tls")).build()));
      RawHttp.Response tls = RawHttp.send(otherPort, "GET", "/me",
          List.of(Map.entry("Authorization", "Bearer " + VALID), Map.entry("X-Test-Tls", "1")));
      assertThat(tls.status()).isEqualTo(200);
      assertThat(tls.body()).endsWith(";secure=true");
      assertThat(RawHttp.send(otherPort, "GET", "/me", List.of(Map.entry("Authorization", "Bearer " + VALID)))
          .status()).isEqualTo(403);
    }
  }

  /**
   * A matching path rule and the annotations must both hold ({@code Requirement.and}); where no rule
   * matches, the annotations (or the authenticated default) decide.
   */
  @Test
  void requestWhenPathRuleMatchesAnnotatedResourceThenBothMustHold() throws Exception {
    AuthKit withRules = AuthKit.builder().jwt(AdapterScenarios.jwt()).insecureAllowHttpFromLoopback()
        .accessRules(AccessRules.builder()
            .rule("/v1/orders/**", Requirement.denyAll())
            .rule("/roles", Requirement.anyRole("admin"))
            .rule("/loc/**", Requirement.allScopes("orders:write"))
            .permitAll("/v1/other")
            .build())
        .clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(new AuthKitFeature(withRules)));
      java.util.function.BiFunction<String, String, Integer> status = (path, token) -> {
        try {
          return RawHttp.send(otherPort, "GET", path,
              token == null ? List.of() : List.of(Map.entry("Authorization", "Bearer " + token))).status();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
      assertThat(status.apply("/v1/orders", READ_WRITE)).as("denyAll rule over @RequiresScope").isEqualTo(403);
      assertThat(status.apply("/roles", AUDITOR)).as("rule admin and @RolesAllowed(admin, auditor)").isEqualTo(403);
      assertThat(status.apply("/roles", ADMIN)).isEqualTo(200);
      assertThat(status.apply("/loc/pub", null)).as("rule on a locator path").isEqualTo(401);
      assertThat(status.apply("/loc/pub", WRITER)).isEqualTo(200);
      assertThat(status.apply("/v1/other", null)).as("rule opens an unannotated resource").isEqualTo(200);
      assertThat(status.apply("/mixed/class", ADMIN)).as("no rule: the annotation decides").isEqualTo(200);
      assertThat(status.apply("/mixed/class", VALID)).isEqualTo(403);
      assertThat(status.apply("/scopes/none", null)).as("no rule, no annotation: authenticated").isEqualTo(401);
    }
  }

  /**
   * OPTIONS is decided by authkit on both runtimes, also where the runtime answers it itself (no
   * {@code @OPTIONS} method): anonymous 401, with a credential the runtime's own answer, and a CORS
   * preflight passes only when the rules let it through.
   */
  @Test
  void optionsWhenAnonymousThen401OnEveryRuntimeAndPreflightOnlyWhenLetThrough() throws Exception {
    RawHttp.Response anonymous = RawHttp.send(port, "OPTIONS", "/v1/orders", List.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.headers("WWW-Authenticate").stream().map(Challenges::parse).map(Challenges.Challenge::scheme))
        .containsExactly("Bearer", "ApiKey");
    RawHttp.Response authenticated = RawHttp.send(port, "OPTIONS", "/v1/orders", List.of(Map.entry("Authorization", "Bearer " + VALID)));
    assertThat(authenticated.status()).isIn(200, 204);
    assertThat(String.join(",", authenticated.headers("Allow"))).contains("GET");
    List<Map.Entry<String, String>> preflight = List.of(Map.entry("Origin", "https://app.example"),
        Map.entry("Access-Control-Request-Method", "GET"));
    assertThat(RawHttp.send(port, "OPTIONS", "/v1/orders", preflight).status()).isEqualTo(401);
    AuthKit cors = AuthKit.builder().jwt(AdapterScenarios.jwt()).insecureAllowHttpFromLoopback()
        .accessRules(AccessRules.builder().permitCorsPreflight().build()).clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(new AuthKitFeature(cors)));
      assertThat(RawHttp.send(otherPort, "OPTIONS", "/v1/orders", preflight).status()).isIn(200, 204);
      assertThat(RawHttp.send(otherPort, "OPTIONS", "/v1/orders", List.of()).status()).isEqualTo(401);
    }
  }

  /** Registered twice, the feature installs its filters once: one verification and one decision per request. */
  @Test
  void requestWhenFeatureRegisteredTwiceThenCredentialVerifiedOnceAndDecidedOnce() throws Exception {
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    JwtAuthenticator jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(AdapterScenarios.publishedKeys())).clock(AdapterScenarios.clock())
        .addEventListener(events::add).build();
    AuthKit authKit = AuthKit.builder().jwt(jwt).insecureAllowHttpFromLoopback().addEventListener(events::add)
        .clock(AdapterScenarios.clock()).build();
    try (JaxrsRuntime other = newRuntime()) {
      int otherPort = other.start(TestResources.application(new AuthKitFeature(authKit), new AuthKitFeature(authKit)));
      assertThat(RawHttp.send(otherPort, "GET", "/v1/orders", List.of(Map.entry("Authorization", "Bearer " + VALID)))
          .status()).isEqualTo(200);
      assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.AUTHENTICATION_SUCCEEDED);
      events.clear();
      assertThat(RawHttp.send(otherPort, "GET", "/mixed/class", List.of(Map.entry("Authorization", "Bearer " + VALID)))
          .status()).isEqualTo(403);
      assertThat(events).extracting(AuthEvent::type)
          .containsExactly(AuthEvent.Type.AUTHENTICATION_SUCCEEDED, AuthEvent.Type.ACCESS_DENIED);
    }
  }

  /**
   * Mutual TLS: the runtime verified the client's chain, the adapter hands it to core, and the
   * SPIFFE ID becomes the principal; a Bearer token over the same HTTPS connection needs no loopback
   * exemption (the scheme reached core), and a certificate from another CA fails the handshake.
   */
  @Test
  void requestWhenClientCertificateOverMutualTlsThenPrincipalFromSpiffeId() throws Exception {
    TestPki pki = new TestPki();
    AuthKit authKit = AuthKit.builder().jwt(AdapterScenarios.jwt()).clock(AdapterScenarios.clock())
        .clientCertificates(ClientCertificateAuthenticator.builder()
            // the certificates are made now, valid for a day: checked against the system clock
            .roles(Map.of(TestPki.SPIFFE_ID, Set.of("admin"))).build())
        .build();
    try (JaxrsRuntime tls = newRuntime()) {
      int tlsPort = tls.startMutualTls(TestResources.application(new AuthKitFeature(authKit)), pki.serverContext());
      HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext()).build();
      HttpResponse<String> byCertificate = client.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + tlsPort + "/v1/admin/stats")).build(), BodyHandlers.ofString());
      assertThat(byCertificate.statusCode()).as(byCertificate.headers().map() + " " + byCertificate.body()).isEqualTo(200);
      assertThat(byCertificate.body())
          .isEqualTo("subject=" + TestPki.SPIFFE_ID + ";authType=CLIENT_CERT;principal=true;admin=true;secure=true");
      HttpResponse<String> byToken = client.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + tlsPort + "/me")).header("Authorization", "Bearer " + VALID).build(),
          BodyHandlers.ofString());
      assertThat(byToken.body()).isEqualTo("subject=user-0001;authType=Bearer;principal=true;admin=false;secure=true");

      HttpClient stranger = HttpClient.newBuilder().sslContext(new TestPki().clientContext()).build();
      assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + tlsPort + "/health")).build(), BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
