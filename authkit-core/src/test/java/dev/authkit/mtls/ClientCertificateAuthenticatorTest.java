package dev.authkit.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestTls;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class ClientCertificateAuthenticatorTest {

  private final Instant now = Instant.now();
  private final MutableClock clock = new MutableClock(now);

  private X509Certificate certificate(GeneralName... names) {
    KeyStore store = TestTls.get().clientKeyStore("CN=billing,O=Example", now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofHours(1)), names);
    return TestTls.leaf(store);
  }

  private static GeneralName uri(String value) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, value);
  }

  private static GeneralName dns(String value) {
    return new GeneralName(GeneralName.dNSName, value);
  }

  private static void assertRejected(Runnable call, Reason reason) {
    assertThatThrownBy(call::run).isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(reason));
  }

  @Test
  void authenticateWhenSpiffeIdThenSubjectRolesAndThumbprint() {
    ClientCertificateAuthenticator authenticator = ClientCertificateAuthenticator.builder().clock(clock)
        .spiffeTrustDomain("prod.example.org")
        .roles(Map.of("spiffe://prod.example.org/billing", Set.of("billing"))).build();
    X509Certificate leaf = certificate(uri("spiffe://prod.example.org/billing"), dns("billing.internal"));
    AuthPrincipal principal = authenticator.authenticate(List.of(leaf));
    assertThat(principal.subject()).isEqualTo("spiffe://prod.example.org/billing");
    assertThat(principal.roles()).containsExactly("billing");
    assertThat(principal.authenticationMethod()).isEqualTo(AuthenticationMethod.CLIENT_CERTIFICATE);
    assertThat(principal.credentialId().orElseThrow()).matches("[A-Za-z0-9_-]{43}");
    assertThat(principal.expiresAt()).contains(leaf.getNotAfter().toInstant());
    assertThat(principal.issuer()).contains("CN=authkit test CA");
  }

  @Test
  void authenticateWhenPrincipalRolesChangedThenRefusedAndTheMappingUnchanged() {
    // The principal keeps the configured role set as handed over, without a copy (PrincipalFields).
    ClientCertificateAuthenticator authenticator = ClientCertificateAuthenticator.builder().clock(clock)
        .spiffeTrustDomain("prod.example.org")
        .roles(Map.of("spiffe://prod.example.org/billing", Set.of("billing"))).build();
    X509Certificate leaf = certificate(uri("spiffe://prod.example.org/billing"));
    AuthPrincipal principal = authenticator.authenticate(List.of(leaf));
    assertThatThrownBy(() -> principal.roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(authenticator.authenticate(List.of(leaf)).roles()).containsExactly("billing");
  }

  @Test
  void authenticateWhenSpiffeIdOfOtherTrustDomainOrAbsentOrRepeatedThenMalformed() {
    ClientCertificateAuthenticator authenticator = ClientCertificateAuthenticator.builder().clock(clock)
        .spiffeTrustDomain("prod.example.org").build();
    assertThat(authenticator.authenticate(List.of(certificate(uri("spiffe://prod.example.org/x")))).subject())
        .isEqualTo("spiffe://prod.example.org/x");
    assertRejected(() -> authenticator.authenticate(List.of(certificate(uri("spiffe://prod.example.org.evil/x")))),
        Reason.MALFORMED);
    assertRejected(() -> authenticator.authenticate(List.of(certificate(uri("spiffe://prod.example.org/")))),
        Reason.MALFORMED);
    assertRejected(() -> authenticator.authenticate(List.of(certificate(dns("x.example")))), Reason.MALFORMED);
    assertRejected(() -> authenticator.authenticate(List.of(certificate(uri("spiffe://prod.example.org/a"),
        uri("spiffe://prod.example.org/b")))), Reason.MALFORMED);
  }

  @Test
  void authenticateWhenDnsOrSubjectDnConfiguredThenUsed() {
    X509Certificate leaf = certificate(dns("billing.internal"), dns("other.internal"));
    assertThat(ClientCertificateAuthenticator.builder().clock(clock)
        .subjectFrom(ClientCertificateAuthenticator.SubjectSource.DNS_NAME).build()
        .authenticate(List.of(leaf)).subject()).isEqualTo("billing.internal");
    assertThat(ClientCertificateAuthenticator.builder().clock(clock)
        .subjectFrom(ClientCertificateAuthenticator.SubjectSource.SUBJECT_DN).build()
        .authenticate(List.of(leaf)).subject())
        .isEqualTo(leaf.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253))
        .contains("CN=billing").contains("O=Example");
  }

  @Test
  void authenticateWhenLeafOutsideItsDatesThenExpiredOrNotYetValid() {
    ClientCertificateAuthenticator authenticator = ClientCertificateAuthenticator.builder().clock(clock)
        .subjectFrom(ClientCertificateAuthenticator.SubjectSource.SUBJECT_DN).build();
    X509Certificate leaf = certificate();
    assertThat(authenticator.authenticate(List.of(leaf))).isNotNull();
    clock.advance(Duration.ofHours(2));
    assertRejected(() -> authenticator.authenticate(List.of(leaf)), Reason.EXPIRED);
    clock.set(now.minus(Duration.ofHours(2)));
    assertRejected(() -> authenticator.authenticate(List.of(leaf)), Reason.NOT_YET_VALID);
  }

  @Test
  void authenticateWhenNoCertificateThenMalformed() {
    ClientCertificateAuthenticator authenticator = ClientCertificateAuthenticator.builder().build();
    assertRejected(() -> authenticator.authenticate(null), Reason.MALFORMED);
    assertRejected(() -> authenticator.authenticate(List.of()), Reason.MALFORMED);
  }

  @Test
  void builderWhenTrustDomainInvalidThenRefused() {
    assertThatThrownBy(() -> ClientCertificateAuthenticator.builder().spiffeTrustDomain("Prod/Example"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
