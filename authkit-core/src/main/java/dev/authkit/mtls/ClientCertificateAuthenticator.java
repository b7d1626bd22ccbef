package dev.authkit.mtls;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.internal.EventPublisher;
import dev.authkit.internal.PrincipalFields;
import dev.authkit.internal.Principals;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client certificate chain that the container verified during the TLS handshake (mutual
 * TLS, RFC 8705 §2) into an {@link AuthPrincipal} with method {@code CLIENT_CERTIFICATE}.
 *
 * <p>authkit does not verify the chain: configure the container's trust store and
 * {@code needClientAuth} for that. authkit maps the leaf certificate: its subject from a SPIFFE ID
 * (URI SAN {@code spiffe://<trust domain>/...}), a DNS SAN, or the subject DN, as configured; its
 * roles from a configured mapping; its {@code credentialId} is the certificate's SHA-256 thumbprint
 * (base64url, as {@code x5t#S256}, RFC 8705 §3.1); {@code expiresAt} its {@code notAfter}. The
 * leaf's validity dates are checked again against the injected clock.
 *
 * <pre>{@code
 * ClientCertificateAuthenticator certificates = ClientCertificateAuthenticator.builder()
 *     .subjectFrom(ClientCertificateAuthenticator.SubjectSource.SPIFFE_ID)
 *     .spiffeTrustDomain("prod.example.org")
 *     .roles(Map.of("spiffe://prod.example.org/billing", Set.of("billing")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientCertificateAuthenticator {

  /** Where the subject comes from. */
  public enum SubjectSource {
    /** The single URI SAN with scheme {@code spiffe} (SPIFFE X.509-SVID §2). */
    SPIFFE_ID,
    /** The first DNS name SAN (RFC 5280 §4.2.1.6). */
    DNS_NAME,
    /** The subject distinguished name in RFC 2253 form. */
    SUBJECT_DN
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateAuthenticator.class);
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private final SubjectSource subjectSource;
  private final @Nullable String spiffeTrustDomain;
  private final Map<String, Set<String>> roles;
  private final Clock clock;
  private final EventPublisher events;

  private ClientCertificateAuthenticator(Builder builder) {
    this.subjectSource = builder.subjectSource == null ? SubjectSource.SPIFFE_ID : builder.subjectSource;
    this.spiffeTrustDomain = builder.spiffeTrustDomain;
    Map<String, Set<String>> copy = new HashMap<>();
    builder.roles.forEach((subject, granted) -> copy.put(subject, Set.copyOf(granted)));
    this.roles = Map.copyOf(copy);
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.events = new EventPublisher(builder.listeners);
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Maps a verified chain to its caller.
   *
   * @param chain the chain the container verified, leaf first; may be null or empty (then rejected)
   * @return the caller
   * @throws CredentialRejectedException {@code MALFORMED} (no certificate, or the configured subject
   *     source is absent, repeated or not of the trust domain), {@code EXPIRED} or
   *     {@code NOT_YET_VALID} (leaf dates against the clock)
   */
  public AuthPrincipal authenticate(@Nullable List<X509Certificate> chain) {
    try {
      AuthPrincipal principal = map(chain);
      if (events.hasListeners()) {
        events.publish(AuthEvent.builder(AuthEvent.Type.AUTHENTICATION_SUCCEEDED, clock.instant())
            .authenticationMethod(AuthenticationMethod.CLIENT_CERTIFICATE).subject(principal.subject())
            .credentialFingerprint(principal.credentialId().orElse(null)).build());
      }
      return principal;
    } catch (CredentialRejectedException failure) {
      LOG.debug("Client certificate rejected: {} ({})", failure.reason(), failure.getMessage());
      if (events.hasListeners()) {
        events.publish(AuthEvent.builder(AuthEvent.Type.AUTHENTICATION_FAILED, clock.instant())
            .authenticationMethod(AuthenticationMethod.CLIENT_CERTIFICATE).reason(failure.reason())
            .detail(failure.getMessage()).build());
      }
      throw failure;
    }
  }

  private AuthPrincipal map(@Nullable List<X509Certificate> chain) {
    if (chain == null || chain.isEmpty() || chain.get(0) == null) {
      throw reject(Reason.MALFORMED, "no client certificate");
    }
    X509Certificate leaf = chain.get(0);
    Instant now = clock.instant();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw reject(Reason.EXPIRED, "the client certificate expired");
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw reject(Reason.NOT_YET_VALID, "the client certificate is not valid yet");
    }
    String subject = subject(leaf);
    PrincipalFields fields = new PrincipalFields();
    fields.subject = subject;
    fields.issuer = leaf.getIssuerX500Principal().getName(X500Principal.RFC2253);
    fields.roles = roles.getOrDefault(subject, Set.of());
    fields.authenticationMethod = AuthenticationMethod.CLIENT_CERTIFICATE;
    fields.credentialId = thumbprint(leaf);
    fields.expiresAt = leaf.getNotAfter().toInstant();
    return Principals.create(fields);
  }

  private String subject(X509Certificate leaf) {
    switch (subjectSource) {
      case SUBJECT_DN:
        return leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
      case DNS_NAME:
        List<String> names = alternativeNames(leaf, SAN_DNS);
        if (names.isEmpty()) {
          throw reject(Reason.MALFORMED, "the client certificate has no DNS name");
        }
        return names.get(0);
      default:
        List<String> spiffe = new ArrayList<>();
        for (String uri : alternativeNames(leaf, SAN_URI)) {
          if (uri.regionMatches(true, 0, "spiffe://", 0, 9)) {
            spiffe.add(uri);
          }
        }
        if (spiffe.size() != 1) {
          throw reject(Reason.MALFORMED, "an X.509-SVID has exactly one SPIFFE ID, this certificate " + spiffe.size());
        }
        String id = spiffe.get(0);
        if (spiffeTrustDomain != null) {
          String prefix = "spiffe://" + spiffeTrustDomain + "/";
          if (!id.startsWith(prefix) || id.length() == prefix.length()) {
            throw reject(Reason.MALFORMED, "the SPIFFE ID is not of the configured trust domain");
          }
        }
        return id;
    }
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> all = certificate.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> entry : all) {
          if (entry.size() >= 2 && entry.get(0) instanceof Integer && (Integer) entry.get(0) == type
              && entry.get(1) instanceof String) {
            names.add((String) entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw reject(Reason.MALFORMED, "the client certificate's subject alternative names cannot be parsed");
    }
    return names;
  }

  private static String thumbprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (CertificateEncodingException e) {
      throw reject(Reason.MALFORMED, "the client certificate cannot be encoded");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
    }
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }

  @Override
  public String toString() {
    return "ClientCertificateAuthenticator[" + subjectSource
        + (spiffeTrustDomain == null ? "" : ", trust domain " + spiffeTrustDomain) + ", " + roles.size() + " role mappings]";
  }

  /** Configures a {@link ClientCertificateAuthenticator}. Each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable SubjectSource subjectSource;
    private @Nullable String spiffeTrustDomain;
    private final Map<String, Set<String>> roles = new HashMap<>();
    private boolean rolesSet;
    private @Nullable Clock clock;
    private final List<AuthEventListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets where the subject comes from. Default {@link SubjectSource#SPIFFE_ID}.
     *
     * @param value not null
     * @return this builder
     */
    public Builder subjectFrom(SubjectSource value) {
      checkUnset(subjectSource, "subjectFrom");
      this.subjectSource = requireNonNull(value, "value");
      return this;
    }

    /**
     * Accepts only SPIFFE IDs of this trust domain (e.g. {@code prod.example.org}). Default: any.
     *
     * @param trustDomain a SPIFFE trust domain name: lower-case letters, digits, {@code .-_}
     * @return this builder
     */
    public Builder spiffeTrustDomain(String trustDomain) {
      checkUnset(spiffeTrustDomain, "spiffeTrustDomain");
      requireNonNull(trustDomain, "trustDomain");
      if (trustDomain.isEmpty() || !trustDomain.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_')) {
        throw new IllegalArgumentException("a SPIFFE trust domain has only lower-case letters, digits, '.', '-' and '_'");
      }
      this.spiffeTrustDomain = trustDomain;
      return this;
    }

    /**
     * Sets the roles granted per subject (exact match of the mapped subject). Default: no roles.
     *
     * @param mapping subject to roles; not null
     * @return this builder
     */
    public Builder roles(Map<String, Set<String>> mapping) {
      checkUnset(rolesSet, "roles");
      requireNonNull(mapping, "mapping").forEach((subject, granted) ->
          roles.put(requireNonNull(subject, "subject"), new LinkedHashSet<>(requireNonNull(granted, "roles"))));
      rolesSet = true;
      return this;
    }

    /**
     * Sets the clock for the validity-date check. Default {@link Clock#systemUTC()}.
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
     * Adds an event listener; may be called more than once.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder addEventListener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Returns the authenticator. */
    public ClientCertificateAuthenticator build() {
      return new ClientCertificateAuthenticator(this);
    }
  }
}
