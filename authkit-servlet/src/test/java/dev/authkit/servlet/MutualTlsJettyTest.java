package dev.authkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import dev.authkit.mtls.ClientCertificateAuthenticator;
import dev.authkit.testing.TestTls;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mutual TLS over real TLS: Jetty verifies the chain ({@code needClientAuth}), authkit maps it. */
class MutualTlsJettyTest {

  private static Server server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    AuthKit authKit = AuthKit.builder()
        .clientCertificates(ClientCertificateAuthenticator.builder().spiffeTrustDomain("prod.example.org")
            .roles(Map.of("spiffe://prod.example.org/billing", Set.of("admin"))).build())
        .accessRules(AccessRules.builder().rule("/v1/admin/**", Requirement.anyRole("admin")).build())
        .build();
    server = new Server();
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(TestTls.get().serverKeyStore());
    tls.setKeyStorePassword(TestTls.PASSWORD);
    tls.setTrustStore(TestTls.get().trustStore());
    tls.setNeedClientAuth(true);
    HttpConfiguration https = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
        new HttpConnectionFactory(https));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new AuthKitFilter(authKit)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new EchoServlet()), "/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> get(KeyStore clientKeys, String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(TestTls.mutualContext(clientKeys))
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static KeyStore client(TestTls ca, String spiffeId) {
    Instant now = Instant.now();
    return ca.clientKeyStore("CN=client", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)),
        new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId));
  }

  @Test
  void requestWhenClientCertificateHasSpiffeIdThenServletSeesMappedPrincipal() throws Exception {
    HttpResponse<String> response = get(client(TestTls.get(), "spiffe://prod.example.org/billing"), "/v1/admin/stats");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("subject=spiffe://prod.example.org/billing;authType=CLIENT_CERT;"
        + "principal=true;admin=true;attribute=spiffe://prod.example.org/billing");
  }

  @Test
  void requestWhenCertificateLacksRoleOrTrustDomainThenRefusedByAuthkit() throws Exception {
    assertThat(get(client(TestTls.get(), "spiffe://prod.example.org/reports"), "/v1/admin/stats").statusCode())
        .isEqualTo(403);
    assertThat(get(client(TestTls.get(), "spiffe://prod.example.org/reports"), "/v1/orders").statusCode())
        .isEqualTo(200);
    HttpResponse<String> foreignDomain = get(client(TestTls.get(), "spiffe://dev.example.org/billing"), "/v1/orders");
    assertThat(foreignDomain.statusCode()).isEqualTo(401);
    assertThat(foreignDomain.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).contains("error=\"invalid_token\""));
  }

  @Test
  void requestWhenCertificateFromAnotherCaThenHandshakeFails() {
    KeyStore stranger = client(TestTls.untrusted(), "spiffe://prod.example.org/billing");
    assertThatThrownBy(() -> get(stranger, "/v1/orders")).isInstanceOf(IOException.class);
  }
}
