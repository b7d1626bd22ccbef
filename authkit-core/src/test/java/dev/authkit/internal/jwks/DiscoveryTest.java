package dev.authkit.internal.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real discovery documents: exact issuer match and the HTTPS rule for {@code jwks_uri}. */
class DiscoveryTest {

  private static byte[] document(String provider) throws IOException {
    String path = "/external/dockyard-openid_connect/test/fixtures/http/" + provider + "/discovery_document.json";
    try (InputStream in = DiscoveryTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "auth0,    https://common.auth0.com/,            https://common.auth0.com/.well-known/jwks.json",
      "google,   https://accounts.google.com,          https://www.googleapis.com/oauth2/v3/certs",
      "okta,     https://common.okta.com,              https://common.okta.com/oauth2/v1/keys",
      "onelogin, https://common.onelogin.com/oidc/2,   https://common.onelogin.com/oidc/2/certs"})
  void readJwksUriWhenIssuerMatchesExactlyThenReturnsJwksUri(String provider, String issuer, String jwksUri)
      throws Exception {
    assertThat(Discovery.readJwksUri(document(provider), issuer, false)).isEqualTo(URI.create(jwksUri));
  }

  @Test
  void readJwksUriWhenTrailingSlashDiffersThenRefused() throws Exception {
    byte[] auth0 = document("auth0");
    assertThatThrownBy(() -> Discovery.readJwksUri(auth0, "https://common.auth0.com", false))
        .isInstanceOf(FetchException.class).hasMessageContaining("\"issuer\"");
  }

  @Test
  void readJwksUriWhenEntraTemplateIssuerThenOnlyTheTemplateMatches() throws Exception {
    byte[] azure = document("azure");
    assertThatThrownBy(() -> Discovery.readJwksUri(azure,
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", false))
        .isInstanceOf(FetchException.class);
    assertThat(Discovery.readJwksUri(azure, "https://login.microsoftonline.com/{tenantid}/v2.0", false))
        .hasToString("https://login.microsoftonline.com/common/discovery/v2.0/keys");
  }

  @Test
  void readJwksUriWhenLocalKeycloakOverHttpThenOnlyWithLoopbackSwitch() throws Exception {
    byte[] keycloak = document("keycloak");
    String issuer = "http://localhost:8080/realms/master";
    assertThatThrownBy(() -> Discovery.readJwksUri(keycloak, issuer, false)).isInstanceOf(FetchException.class);
    assertThat(Discovery.readJwksUri(keycloak, issuer, true))
        .hasToString("http://localhost:8080/realms/master/protocol/openid-connect/certs");
  }

  @Test
  void readJwksUriWhenVaultOnWildcardAddressOverHttpThenRefusedEvenWithLoopbackSwitch() throws Exception {
    byte[] vault = document("vault");
    assertThatThrownBy(() -> Discovery.readJwksUri(vault, "http://0.0.0.0:8200/v1/identity/oidc/provider/default", true))
        .isInstanceOf(FetchException.class).hasMessageContaining("not a loopback");
  }

  @Test
  void wellKnownLocationsFollowTheirSpecifications() {
    URI issuer = URI.create("https://login.example.com/tenant/a/");
    assertThat(Discovery.openIdConfiguration(issuer))
        .hasToString("https://login.example.com/tenant/a/.well-known/openid-configuration");
    assertThat(Discovery.authorizationServerMetadata(issuer))
        .hasToString("https://login.example.com/.well-known/oauth-authorization-server/tenant/a");
    assertThat(Discovery.authorizationServerMetadata(URI.create("https://login.example.com")))
        .hasToString("https://login.example.com/.well-known/oauth-authorization-server");
  }
}
