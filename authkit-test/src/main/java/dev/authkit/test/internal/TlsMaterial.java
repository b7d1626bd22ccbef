package dev.authkit.test.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A one-off CA and a server certificate for {@code localhost} and {@code 127.0.0.1}, made with
 * BouncyCastle at run time (EC P-256, valid from one hour ago for 30 days); nothing is committed.
 * BouncyCastle is used only to build certificates, never registered as a JCA provider. Not an API.
 */
public final class TlsMaterial {

  private final X509Certificate caCertificate;
  private final KeyStore serverKeyStore;
  private final char[] password;

  private TlsMaterial(X509Certificate caCertificate, KeyStore serverKeyStore, char[] password) {
    this.caCertificate = caCertificate;
    this.serverKeyStore = serverKeyStore;
    this.password = password;
  }

  /** Generates a CA and a server certificate signed by it. */
  public static TlsMaterial generate() {
    try {
      SecureRandom random = new SecureRandom();
      Instant now = Instant.now();
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date to = Date.from(now.plus(Duration.ofDays(30)));
      KeyPair caKeys = ecKeys();
      X500Name caName = new X500Name("CN=authkit-test FakeIssuer CA (development only)");
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, new BigInteger(64, random), from, to, caName,
          caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = certificate(ca, caKeys);

      KeyPair serverKeys = ecKeys();
      X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, new BigInteger(64, random), from, to,
          new X500Name("CN=localhost"), serverKeys.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509Certificate serverCert = certificate(server, caKeys);

      char[] password = Jose.b64(random.generateSeed(18)).toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", serverKeys.getPrivate(), password, new Certificate[] {serverCert, caCert});
      return new TlsMaterial(caCert, store, password);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the TLS certificate: " + e.getClass().getName(), e);
    }
  }

  /** Returns the CA certificate clients must trust. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** Returns the key-store password (random per instance). */
  public String password() {
    return new String(password);
  }

  /** Returns a new trust store holding only the CA certificate. */
  public KeyStore trustStore() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("authkit-test-ca", caCertificate);
      return trust;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store: " + e.getClass().getName(), e);
    }
  }

  /** Returns a new TLS context that trusts the CA only. */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client TLS context: " + e.getClass().getName(), e);
    }
  }

  /**
   * Writes the server key store to a new owner-only temporary PKCS12 file, for servers that read key
   * stores from files (WireMock); the caller deletes it once the server has started.
   */
  public Path writeServerKeyStore() {
    try {
      Path file = Files.createTempFile("authkit-fake-issuer", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        serverKeyStore.store(out, password);
      }
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the server key store: " + e.getClass().getName(), e);
    }
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(X509v3CertificateBuilder builder, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }
}
