package dev.authkit.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;

/** WireMock servers on HTTP and HTTPS (test CA) for JWK set endpoints. */
public final class JwksServers {

  private JwksServers() {}

  /** Starts a server on free HTTP and HTTPS ports of this machine. */
  public static WireMockServer start() {
    WireMockServer server = new WireMockServer(options()
        .dynamicPort()
        .dynamicHttpsPort()
        .keystorePath(TestTls.get().keyStore().toString())
        .keystoreType("PKCS12")
        .keystorePassword(TestTls.PASSWORD)
        .keyManagerPassword(TestTls.PASSWORD)
        .containerThreads(20)
        .jettyStopTimeout(0L));
    server.start();
    return server;
  }

  /** The HTTPS URL of {@code path}, on {@code localhost}. */
  public static URI https(WireMockServer server, String path) {
    return URI.create("https://localhost:" + server.httpsPort() + path);
  }

  /** The plain-HTTP URL of {@code path}, on {@code 127.0.0.1}. */
  public static URI http(WireMockServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Serves the public parts of {@code keys} as a JWK set at {@code path}. */
  public static void serve(WireMockServer server, String path, JWK... keys) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(TestKeys.publicSet(keys).toString())));
  }

  /** Returns how many GETs reached {@code path}. */
  public static int requests(WireMockServer server, String path) {
    return server.countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
  }
}
