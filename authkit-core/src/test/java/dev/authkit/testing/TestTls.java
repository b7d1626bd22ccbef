package dev.authkit.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA and a server certificate for {@code localhost} (DNS SAN) and {@code 127.0.0.1} (IP SAN),
 * made with BouncyCastle when first used; nothing is committed. The server key store is a PKCS12
 * file in a temporary directory, for WireMock; {@link #clientContext()} trusts only the test CA.
 */
public final class TestTls {

  public static final String PASSWORD = "authkit-test";
  private static final TestTls INSTANCE = create();

  private final Path keyStore;
  private final SSLContext clientContext;

  private TestTls(Path keyStore, SSLContext clientContext) {
    this.keyStore = keyStore;
    this.clientContext = clientContext;
  }

  public static TestTls get() {
    return INSTANCE;
  }

  /** The server's PKCS12 key store (key + chain), password {@link #PASSWORD}. */
  public Path keyStore() {
    return keyStore;
  }

  /** An SSL context that trusts the test CA only. */
  public SSLContext clientContext() {
    return clientContext;
  }

  private static TestTls create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair serverKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date to = Date.from(now.plus(Duration.ofDays(2)));

      X500Name caName = new X500Name("CN=authkit test CA");
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
          from, to, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = new JcaX509CertificateConverter()
          .getCertificate(ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));

      X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName,
          BigInteger.valueOf(now.toEpochMilli() + 1), from, to, new X500Name("CN=localhost"), serverKeys.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509Certificate serverCert = new JcaX509CertificateConverter()
          .getCertificate(server.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));

      KeyStore serverStore = KeyStore.getInstance("PKCS12");
      serverStore.load(null, null);
      serverStore.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD.toCharArray(),
          new Certificate[] {serverCert, caCert});
      Path dir = Files.createTempDirectory("authkit-tls");
      Path file = dir.resolve("server.p12");
      try (OutputStream out = Files.newOutputStream(file)) {
        serverStore.store(out, PASSWORD.toCharArray());
      }
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", caCert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return new TestTls(file, context);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the test TLS material", e);
    }
  }
}
