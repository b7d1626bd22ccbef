package dev.authkit.jaxrs;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate with a SPIFFE URI SAN, made at
 * test time with BouncyCastle; nothing is committed.
 */
final class TestPki {

  static final String SPIFFE_ID = "spiffe://example.org/orders-service";

  private final KeyPair caKeys = ecKeys();
  private final X509Certificate ca;
  private final KeyPair serverKeys = ecKeys();
  private final X509Certificate server;
  private final KeyPair clientKeys = ecKeys();
  private final X509Certificate client;

  TestPki() throws Exception {
    ca = certificate("CN=authkit test CA", caKeys, "CN=authkit test CA", caKeys.getPrivate(), true, null);
    server = certificate("CN=127.0.0.1", serverKeys, "CN=authkit test CA", caKeys.getPrivate(), false,
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    client = certificate("CN=orders-service", clientKeys, "CN=authkit test CA", caKeys.getPrivate(), false,
        new GeneralName(GeneralName.uniformResourceIdentifier, SPIFFE_ID));
  }

  /** The server's TLS context: its certificate, trusting client certificates issued by the CA. */
  SSLContext serverContext() throws Exception {
    return context(serverKeys.getPrivate(), server);
  }

  /** The client's TLS context: its SPIFFE certificate, trusting the CA. */
  SSLContext clientContext() throws Exception {
    return context(clientKeys.getPrivate(), client);
  }

  private SSLContext context(PrivateKey key, X509Certificate certificate) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("me", key, new char[0], new X509Certificate[] {certificate, ca});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
      boolean isCa, GeneralName alternativeName) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
        keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (alternativeName != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeName));
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }
}
