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
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
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
 * A test CA, a server certificate for {@code localhost} (DNS SAN) and {@code 127.0.0.1} (IP SAN),
 * and client certificates on demand, made with BouncyCastle at run time; nothing is committed. The
 * server key store is also a PKCS12 file in a temporary directory, for WireMock;
 * {@link #clientContext()} trusts only the test CA.
 */
public final class TestTls {

  public static final String PASSWORD = "authkit-test";
  private static final TestTls INSTANCE = create("authkit test CA");

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final KeyStore serverKeyStore;
  private final Path keyStore;
  private final SSLContext clientContext;

  private TestTls(KeyPair caKeys, X509Certificate caCertificate, KeyStore serverKeyStore, Path keyStore,
      SSLContext clientContext) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
    this.serverKeyStore = serverKeyStore;
    this.keyStore = keyStore;
    this.clientContext = clientContext;
  }

  public static TestTls get() {
    return INSTANCE;
  }

  /** A separate CA nobody trusts, for "certificate from another CA" cases. */
  public static TestTls untrusted() {
    return create("authkit untrusted CA");
  }

  /** The server's PKCS12 key store (key + chain), password {@link #PASSWORD}. */
  public Path keyStore() {
    return keyStore;
  }

  /** The server's key store in memory (key + chain), password {@link #PASSWORD}. */
  public KeyStore serverKeyStore() {
    return serverKeyStore;
  }

  /** A trust store holding only this CA. */
  public KeyStore trustStore() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", caCertificate);
      return trust;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SSL context that trusts the test CA only. */
  public SSLContext clientContext() {
    return clientContext;
  }

  /**
   * Issues a client certificate (EKU clientAuth) from this CA.
   *
   * @param subject e.g. {@code CN=billing}
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @param alternativeNames SANs, e.g. {@code new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://...")}
   * @return a PKCS12 key store (alias {@code client}, password {@link #PASSWORD}) with the key and chain
   */
  public KeyStore clientKeyStore(String subject, Instant notBefore, Instant notAfter, GeneralName... alternativeNames) {
    try {
      KeyPair keys = ecKeys();
      X509Certificate certificate = issue(new X500Name(subject), keys, notBefore, notAfter, false, alternativeNames);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", keys.getPrivate(), PASSWORD.toCharArray(),
          new Certificate[] {certificate, caCertificate});
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the leaf certificate of a key store from {@link #clientKeyStore}. */
  public static X509Certificate leaf(KeyStore clientKeyStore) {
    try {
      return (X509Certificate) clientKeyStore.getCertificate("client");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SSL context that presents {@code clientKeyStore}'s certificate and trusts the test CA ({@link #get()}). */
  public static SSLContext mutualContext(KeyStore clientKeyStore) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(clientKeyStore, PASSWORD.toCharArray());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(INSTANCE.trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issue(X500Name subject, KeyPair keys, Instant notBefore, Instant notAfter, boolean server,
      GeneralName... alternativeNames) throws Exception {
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        new X500Name(caCertificate.getSubjectX500Principal().getName()), new BigInteger(64, new SecureRandom()),
        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
    if (alternativeNames.length > 0) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static TestTls create(String caCommonName) {
    try {
      KeyPair caKeys = ecKeys();
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date to = Date.from(now.plus(Duration.ofDays(2)));
      X500Name caName = new X500Name("CN=" + caCommonName);
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
          from, to, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = new JcaX509CertificateConverter()
          .getCertificate(ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
      TestTls partial = new TestTls(caKeys, caCert, null, null, null);

      KeyPair serverKeys = ecKeys();
      X509Certificate serverCert = partial.issue(new X500Name("CN=localhost"), serverKeys, from.toInstant(),
          to.toInstant(), true, new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
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

      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(partial.trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return new TestTls(caKeys, caCert, serverStore, file, context);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the test TLS material", e);
    }
  }
}
