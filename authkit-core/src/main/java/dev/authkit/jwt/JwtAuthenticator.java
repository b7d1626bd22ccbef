package dev.authkit.jwt;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.EventPublisher;
import dev.authkit.internal.PrincipalFields;
import dev.authkit.internal.Principals;
import dev.authkit.internal.Redaction;
import dev.authkit.internal.jwt.CompactJws;
import dev.authkit.internal.jwt.EcdsaSignatures;
import dev.authkit.internal.jwt.HmacVerifier;
import dev.authkit.internal.jwt.Json;
import dev.authkit.internal.jwt.KeyPolicy;
import dev.authkit.internal.jwt.NumericDates;
import dev.authkit.internal.jwt.VerificationKey;
import dev.authkit.internal.jwt.VerifiedTokens;
import dev.authkit.internal.jwt.VettedKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT access tokens (RFC 7519, RFC 9068) in compact JWS form (RFC 7515 §7.1) and turns
 * each into an {@link AuthPrincipal}.
 *
 * <pre>{@code
 * JwtAuthenticator authenticator = JwtAuthenticator.builder()
 *     .issuer("https://login.example.com")
 *     .audience("api://orders")
 *     .keySource(StaticKeys.fromJwkSetFile(Path.of("jwks.json")))
 *     .build();
 *
 * AuthPrincipal caller = authenticator.authenticate(bearerToken); // or throws AuthenticationException
 * }</pre>
 *
 * <p>Safe by default (see {@code docs/architecture.md}): an issuer and an audience are required;
 * only asymmetric algorithms unless an HMAC key is given; {@code none} never; keys only from
 * configuration, never from the token header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c},
 * {@code x5t} and {@code x5t#S256} are ignored, not even parsed); {@code exp} and {@code sub}
 * required; tokens over 16 KiB refused before decoding; clock skew 60 s. Every weakening option is
 * named {@code insecure...}.
 *
 * <p>Checks, in order: size and strict compact form; header ({@code alg} on the allow-list,
 * {@code crit}); header and claims are strict RFC 8259 JSON (no duplicate names at any level, no
 * unpaired surrogates, nesting at most 64 levels, numbers at most 100 characters, names at most
 * 4,096; else {@code MALFORMED}); the unverified {@code iss} picks the trusted issuer's keys; key
 * selection by {@code kid}, {@code alg} and key type; signature (ECDSA r and s range-checked by authkit); then
 * claims: {@code typ}, ID-token markers, {@code cnf}, {@code exp}, {@code nbf}, {@code iat},
 * lifetime, {@code aud}, {@code sub}, required claims, claim rules, revocation.
 *
 * <p>Verified tokens are remembered (by default up to 10,000, keyed by the SHA-256 digest of the
 * whole token, never the token; see {@link Builder#verifiedTokenCache(int)}): a token seen again is
 * not parsed or signature-checked again, but {@code exp}/{@code nbf}/{@code iat}, the revocation
 * list and the issuer's current keys are checked on every call, so the outcome is the uncached one.
 *
 * <p>Immutable and thread-safe after {@link Builder#build()}. {@link #close()} closes the key sources.
 */
public final class JwtAuthenticator implements AutoCloseable {

  /** Default size cap: 16 KiB (16,384 characters). */
  public static final int DEFAULT_MAX_TOKEN_SIZE = 16 * 1024;
  /** Smallest size cap {@link Builder#maxTokenSize(int)} accepts: 256 characters. */
  public static final int MIN_MAX_TOKEN_SIZE = 256;
  /** Largest size cap {@link Builder#maxTokenSize(int)} accepts: 16 MiB. */
  public static final int MAX_MAX_TOKEN_SIZE = 16 * 1024 * 1024;
  /** Default allowed clock skew: 60 seconds. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** Largest {@code maxTokenLifetime} or {@code insecureAllowMissingExpiration} age: 366 days. */
  public static final Duration MAX_LIFETIME_SETTING = Duration.ofDays(366);
  /** Largest allowed clock skew: 5 minutes. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /** Default number of verified tokens remembered: 10,000. */
  public static final int DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;
  /** Largest {@link Builder#verifiedTokenCache(int)} size: 10,000,000. */
  public static final int MAX_VERIFIED_TOKEN_CACHE_SIZE = 10_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final Set<String> ID_TOKEN_CLAIMS = Set.of("nonce", "at_hash", "c_hash");
  private final Map<String, IssuerKeys> issuers;
  private final @Nullable IssuerKeys anyIssuer;
  private final Set<JWSAlgorithm> anyIssuerAlgorithms;
  private final Clock clock;
  private final Duration clockSkew;
  private final int maxTokenSize;
  private final boolean requireAccessTokenType;
  private final @Nullable Duration missingExpirationMaxAge;
  private final boolean allowMissingSubject;
  private final @Nullable Duration maxTokenLifetime;
  private final List<String> requiredClaims;
  private final List<ClaimRule> claimRules;
  private final java.util.concurrent.atomic.LongAdder fullVerifications = new java.util.concurrent.atomic.LongAdder();
  private final ClaimMapper claimMapper;
  private final @Nullable RevocationList revocationList;
  private final EventPublisher events;
  private final @Nullable VerifiedTokens<Verified> verifiedTokens;
  /** Headers of recently verified tokens (see {@link #recentHeader}); plain array, racy by design. */
  private final @Nullable JoseHeader[] recentHeaders = new JoseHeader[4];
  private int nextHeaderSlot;

  private JwtAuthenticator(Builder builder, List<TrustedIssuer> trusted) {
    Json.requireParser();
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.events = new EventPublisher(builder.listeners);
    Map<String, IssuerKeys> byName = new HashMap<>();
    IssuerKeys any = null;
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    for (TrustedIssuer issuer : trusted) {
      IssuerKeys keys = new IssuerKeys(issuer);
      algorithms.addAll(issuer.algorithms());
      if (issuer.issuer().isPresent()) {
        byName.put(issuer.issuer().get(), keys);
      } else {
        any = keys;
      }
    }
    this.issuers = Map.copyOf(byName);
    this.anyIssuer = any;
    this.anyIssuerAlgorithms = Set.copyOf(algorithms);
    this.clockSkew = builder.clockSkew == null ? DEFAULT_CLOCK_SKEW : builder.clockSkew;
    this.maxTokenSize = builder.maxTokenSize == null ? DEFAULT_MAX_TOKEN_SIZE : builder.maxTokenSize;
    this.requireAccessTokenType = builder.requireAccessTokenType;
    this.missingExpirationMaxAge = builder.missingExpirationMaxAge;
    this.allowMissingSubject = builder.allowMissingSubject;
    this.maxTokenLifetime = builder.maxTokenLifetime;
    this.requiredClaims = List.copyOf(builder.requiredClaims);
    this.claimRules = List.copyOf(builder.claimRules);
    this.claimMapper = builder.claimMapper == null ? ClaimMapper.defaults() : builder.claimMapper;
    this.revocationList = builder.revocationList;
    int cacheSize = builder.verifiedTokenCacheSize == null ? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE
        : builder.verifiedTokenCacheSize;
    this.verifiedTokens = cacheSize == 0 ? null : new VerifiedTokens<>(cacheSize, clock);
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a token and returns its caller.
   *
   * @param token the compact JWS, e.g. the value after {@code Bearer } (RFC 6750 §2.1); may be null
   *     or anything at all: every bad input ends in a typed rejection
   * @return the verified caller; never null
   * @throws CredentialRejectedException with the {@link Reason} of the first failed check:
   *     {@code MALFORMED}, {@code TOO_LARGE}, {@code UNSUPPORTED_TOKEN_FORMAT},
   *     {@code ALGORITHM_NOT_ALLOWED}, {@code CRIT_UNSUPPORTED}, {@code UNKNOWN_KEY},
   *     {@code KEY_REJECTED}, {@code BAD_SIGNATURE}, {@code TYPE_MISMATCH},
   *     {@code SENDER_CONSTRAINED}, {@code ISSUER_MISMATCH}, {@code AUDIENCE_MISMATCH},
   *     {@code EXPIRED}, {@code NOT_YET_VALID}, {@code ISSUED_IN_FUTURE}, {@code LIFETIME_TOO_LONG},
   *     {@code MISSING_CLAIM}, {@code INVALID_CLAIM}, {@code REVOKED}
   * @throws VerificationUnavailableException {@code KEYS_UNAVAILABLE} when the issuer's keys cannot
   *     be obtained, {@code STORE_UNAVAILABLE} when the revocation list fails
   */
  public AuthPrincipal authenticate(@Nullable String token) {
    Attempt attempt = new Attempt();
    try {
      AuthPrincipal principal = verify(token, attempt);
      if (events.hasListeners()) {
        events.publish(AuthEvent.builder(AuthEvent.Type.AUTHENTICATION_SUCCEEDED, clock.instant())
            .authenticationMethod(AuthenticationMethod.JWT)
            .issuer(principal.issuer().orElse(null))
            .subject(principal.subject())
            .keyId(attempt.keyId)
            .credentialFingerprint(Redaction.fingerprint(token))
            .build());
      }
      return principal;
    } catch (AuthenticationException failure) {
      reportFailure(token, attempt, failure);
      throw failure;
    } catch (RuntimeException unexpected) {
      // A fault below authkit (a library's unchecked exception on hostile input) must still end
      // in the typed family, never as an exception the adapter would turn into a 500.
      CredentialRejectedException failure = new CredentialRejectedException(Reason.MALFORMED,
          "the token could not be processed: " + unexpected.getClass().getName());
      reportFailure(token, attempt, failure);
      throw failure;
    }
  }

  /** Returns how many tokens went through the full path (cache misses, failures included); for tests. */
  long fullVerificationCount() {
    return fullVerifications.sum();
  }

  /** Returns how many verified tokens the cache holds (0 when disabled); for tests. */
  long verifiedTokenCount() {
    return verifiedTokens == null ? 0 : verifiedTokens.size();
  }

  /** Returns the trusted issuers, for diagnostics; unmodifiable. */
  public List<TrustedIssuer> trustedIssuers() {
    List<TrustedIssuer> all = new ArrayList<>();
    issuers.values().forEach(keys -> all.add(keys.config));
    if (anyIssuer != null) {
      all.add(anyIssuer.config);
    }
    return List.copyOf(all);
  }

  /** Closes every issuer's {@link KeySource}; exceptions from sources are logged, not thrown. Idempotent. */
  @Override
  public void close() {
    for (TrustedIssuer issuer : trustedIssuers()) {
      issuer.keySource().ifPresent(source -> {
        try {
          source.close();
        } catch (Exception e) {
          LOG.warn("closing the key source of {} failed: {}", issuer, e.getClass().getName());
        }
      });
    }
  }

  @Override
  public String toString() {
    return "JwtAuthenticator[issuers=" + trustedIssuers() + ", clockSkew=" + clockSkew + ", maxTokenSize="
        + maxTokenSize + "]";
  }

  private void applyClaimRules(Map<String, Object> frozenClaims) {
    for (ClaimRule rule : claimRules) {
      boolean passed;
      try {
        passed = rule.test(frozenClaims);
      } catch (RuntimeException e) {
        passed = false;
      }
      if (!passed) {
        throw reject(Reason.INVALID_CLAIM, "claim rule \"" + rule.description() + "\" failed");
      }
    }
  }

  private AuthPrincipal verify(@Nullable String token, Attempt attempt) {
    CompactJws jws = CompactJws.parse(token, maxTokenSize);
    VerifiedTokens.Digest digest = null;
    if (verifiedTokens != null) {
      // Keyed by SHA-256 of the whole token, taken only after the strict format checks.
      digest = verifiedTokens.digest(jws.ascii());
      Verified hit = verifiedTokens.get(digest);
      if (hit != null) {
        AuthPrincipal principal = recheck(hit, attempt);
        if (principal != null) {
          return principal;
        }
        // The signing key is no longer the one selected: decide from scratch, as without a cache.
        verifiedTokens.remove(digest);
      }
    }
    fullVerifications.increment();
    ParsedJws parsed = parseJws(jws, attempt);
    // Parsed straight into a deep, unmodifiable tree, before any claim is read.
    Map<String, Object> claims = Json.parseObject(jws.payload(), "payload (JWT claims set)");
    IssuerKeys issuer = chooseIssuer(claims);
    attempt.issuer = issuer.config.issuer().orElse(null);
    Selected key = verifySignature(parsed, issuer);
    Verified verified = checkClaims(parsed, claims, issuer, key);
    rememberHeader(parsed.header);
    if (digest != null) {
      Instant until = verified.expiresAt != null ? verified.expiresAt
          : requireNonNull(verified.issuedAt).plus(requireNonNull(missingExpirationMaxAge));
      verifiedTokens.put(digest, verified, until);
    }
    return verified.principal;
  }

  /**
   * A cache hit: the checks that can change after a token was verified, in the order the full path
   * runs them. Returns null when the key that verified the token is no longer the one the issuer's
   * current key set selects (rotated out, replaced or made ambiguous): the caller then verifies the
   * token from scratch.
   */
  private @Nullable AuthPrincipal recheck(Verified hit, Attempt attempt) {
    attempt.keyId = hit.keyId;
    attempt.issuer = hit.issuer.config.issuer().orElse(null);
    if (hit.key != null) {
      VettedKeys current = hit.issuer.currentKeys();
      if (current != hit.vetted) {
        VettedKeys.Selection selection = current.select(hit.algorithm, hit.keyId);
        if (selection.outcome() != VettedKeys.Outcome.FOUND || selection.key() != hit.key) {
          return null;
        }
      }
    }
    checkTimes(clock.instant(), hit.expiresAt, hit.notBefore, hit.issuedAt);
    // Claim rules may read the clock or outside state (an auth_time age, a tenant switched off): they
    // run on every hit, against the same frozen claims, so a hit decides as the full path would.
    applyClaimRules(hit.principal.claims());
    if (revocationList != null && isRevoked(hit.issuerValue == null ? "" : hit.issuerValue, hit.tokenId,
        hit.subject, hit.issuedAt)) {
      throw reject(Reason.REVOKED, "the token is revoked");
    }
    return hit.principal;
  }

  /**
   * The JWS layer alone (strict form, header, key selection, signature) against the single
   * configured issuer, returning the verified payload bytes. For test vectors whose payloads are
   * not JWT claim sets (Wycheproof, RFC 7520); production code always goes through
   * {@link #authenticate}.
   */
  byte[] verifyJwsOnly(String token) {
    ParsedJws parsed = parseJws(CompactJws.parse(token, maxTokenSize), new Attempt());
    if (issuers.size() + (anyIssuer == null ? 0 : 1) != 1) {
      throw new IllegalStateException("verifyJwsOnly needs exactly one trusted issuer");
    }
    verifySignature(parsed, anyIssuer != null ? anyIssuer : issuers.values().iterator().next());
    return parsed.jws.payload();
  }

  private ParsedJws parseJws(CompactJws jws, Attempt attempt) {
    JoseHeader header = recentHeader(jws);
    if (header == null) {
      Map<String, Object> headerJson = Json.parseObject(jws.header(), "header");
      JWSAlgorithm algorithm = algorithm(headerJson);
      String keyId = registeredString(headerJson, "kid");
      registeredString(headerJson, "typ");
      registeredString(headerJson, "cty");
      header = new JoseHeader(jws.headerSegment(), headerJson, keyId, algorithm);
    }
    attempt.keyId = header.keyId;
    if (jws.payloadIsEmpty()) {
      throw reject(Reason.MALFORMED, "the payload is empty (detached content is not accepted)");
    }
    if (jws.signatureSegment().isEmpty()) {
      throw reject(Reason.MALFORMED, "the signature is empty");
    }
    return new ParsedJws(jws, header);
  }

  /**
   * Returns the parsed header of a recently verified token whose encoded header segment is
   * byte-for-byte the one of {@code jws}, or null. The header's checks depend only on its bytes and
   * on this authenticator's fixed configuration, so an identical segment needs no second parse;
   * an issuer's tokens share a handful of headers (one per kid and alg).
   */
  private @Nullable JoseHeader recentHeader(CompactJws jws) {
    String token = jws.token();
    int length = jws.headerLength();
    for (JoseHeader header : recentHeaders) {
      if (header != null && header.segment.length() == length && token.regionMatches(0, header.segment, 0, length)) {
        return header;
      }
    }
    return null;
  }

  /**
   * Remembers the header of a token that passed every check. Only verified tokens get here, so
   * nobody without a valid signature can displace an entry. Races between threads may drop or
   * duplicate an entry, which costs a parse at most; each entry is immutable (final fields).
   */
  private void rememberHeader(JoseHeader header) {
    for (JoseHeader known : recentHeaders) {
      if (known == header) {
        return;
      }
    }
    int slot = (nextHeaderSlot++ & Integer.MAX_VALUE) % recentHeaders.length;
    recentHeaders[slot] = header;
  }

  /** A JOSE header that passed authkit's header checks; immutable. */
  private static final class JoseHeader {
    final String segment;
    final Map<String, Object> json;
    final @Nullable String keyId;
    final JWSAlgorithm algorithm;

    JoseHeader(String segment, Map<String, Object> json, @Nullable String keyId, JWSAlgorithm algorithm) {
      this.segment = segment;
      this.json = json;
      this.keyId = keyId;
      this.algorithm = algorithm;
    }
  }

  private static final class ParsedJws {
    final CompactJws jws;
    final JoseHeader header;

    ParsedJws(CompactJws jws, JoseHeader header) {
      this.jws = jws;
      this.header = header;
    }
  }

  private JWSAlgorithm algorithm(Map<String, Object> headerJson) {
    Object alg = headerJson.get("alg");
    if (!(alg instanceof String) || ((String) alg).isEmpty()) {
      throw reject(Reason.ALGORITHM_NOT_ALLOWED, "the header has no \"alg\"");
    }
    if (headerJson.containsKey("enc")) {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "the header has \"enc\": encrypted tokens are not accepted");
    }
    JWSAlgorithm algorithm = JWSAlgorithm.parse((String) alg);
    // Exact, case-sensitive match against the allow-list (RFC 7515 §4.1.1): "none", "None" and
    // "NONE" are simply not on it.
    if (!anyIssuerAlgorithms.contains(algorithm)) {
      throw reject(Reason.ALGORITHM_NOT_ALLOWED, "alg is not on the allow-list");
    }
    if (headerJson.containsKey("crit")) {
      throw reject(Reason.CRIT_UNSUPPORTED, "the header has \"crit\"; authkit understands no JWS extension");
    }
    if (headerJson.containsKey("zip")) {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "\"zip\" is a JWE parameter; compressed JWS is not accepted");
    }
    if (headerJson.containsKey("b64")) {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "unencoded payloads (RFC 7797 \"b64\") are not accepted");
    }
    return algorithm;
  }

  /**
   * A registered header parameter that authkit reads or may read ({@code kid}, {@code typ},
   * {@code cty}) must be a string when present (RFC 7515 §4.1.4, §4.1.9, §4.1.10); JSON null
   * counts as absent. The key-carrying and key-locating parameters ({@code jwk}, {@code jku},
   * {@code x5u}, {@code x5c}, {@code x5t}, {@code x5t#S256}) are never read at all (DESIGN
   * decision 3): an embedded key is not parsed and cannot change the outcome; the token is judged
   * by the issuer's keys alone.
   *
   * @throws CredentialRejectedException {@code MALFORMED} for any other type
   */
  private static @Nullable String registeredString(Map<String, Object> headerJson, String name) {
    Object value = headerJson.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw reject(Reason.MALFORMED, "the JWS header is invalid: \"" + name + "\" must be a string");
  }

  private IssuerKeys chooseIssuer(Map<String, Object> claims) {
    Object iss = claims.get("iss");
    if (anyIssuer != null) {
      if (iss != null && !(iss instanceof String)) {
        throw reject(Reason.INVALID_CLAIM, "claim \"iss\" must be a string");
      }
      return anyIssuer;
    }
    if (iss == null) {
      throw reject(Reason.MISSING_CLAIM, "claim \"iss\" is missing");
    }
    if (!(iss instanceof String)) {
      throw reject(Reason.INVALID_CLAIM, "claim \"iss\" must be a string");
    }
    IssuerKeys issuer = issuers.get(iss);
    if (issuer == null) {
      throw reject(Reason.ISSUER_MISMATCH, "the issuer is not trusted");
    }
    return issuer;
  }

  private Selected verifySignature(ParsedJws parsed, IssuerKeys issuer) {
    CompactJws jws = parsed.jws;
    JWSAlgorithm algorithm = parsed.header.algorithm;
    if (!issuer.config.algorithms().contains(algorithm)) {
      throw reject(Reason.ALGORITHM_NOT_ALLOWED, "alg " + algorithm + " is not allowed for this issuer");
    }
    byte[] signature = jws.signature();
    Selected selected;
    boolean valid;
    try {
      if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
        HmacVerifier hmac = issuer.hmacVerifier;
        if (hmac == null) {
          throw reject(Reason.ALGORITHM_NOT_ALLOWED, "HMAC needs a configured secret");
        }
        selected = Selected.HMAC;
        valid = hmac.verify(algorithm, jws.ascii(), jws.signingInputLength(), signature);
      } else {
        selected = issuer.select(algorithm, parsed.header.keyId);
        VerificationKey key = requireNonNull(selected.key);
        if (key.ecOrder() != null && !EcdsaSignatures.inRange(signature, key.ecOrder())) {
          throw reject(Reason.BAD_SIGNATURE, "the ECDSA signature has the wrong length or r, s out of range");
        }
        valid = key.verify(algorithm, jws.ascii(), jws.signingInputLength(), signature, jws.signatureSegment());
      }
    } catch (JOSEException e) {
      throw reject(Reason.BAD_SIGNATURE, "the signature could not be verified: " + e.getClass().getSimpleName());
    }
    if (!valid) {
      throw reject(Reason.BAD_SIGNATURE, "the signature does not verify");
    }
    return selected;
  }

  /** The key that verified a token and the vetted set it was selected from; both null for HMAC. */
  private static final class Selected {
    static final Selected HMAC = new Selected(null, null);
    final @Nullable VettedKeys keys;
    final @Nullable VerificationKey key;

    Selected(@Nullable VettedKeys keys, @Nullable VerificationKey key) {
      this.keys = keys;
      this.key = key;
    }
  }

  /** A verified token as the cache keeps it: the principal and what a hit must check again. */
  private static final class Verified {
    final AuthPrincipal principal;
    final IssuerKeys issuer;
    final JWSAlgorithm algorithm;
    final @Nullable String keyId;
    final @Nullable VettedKeys vetted;
    final @Nullable VerificationKey key;
    final @Nullable String issuerValue;
    final String subject;
    final @Nullable String tokenId;
    final @Nullable Instant expiresAt;
    final @Nullable Instant notBefore;
    final @Nullable Instant issuedAt;

    Verified(AuthPrincipal principal, IssuerKeys issuer, ParsedJws parsed, Selected selected,
        @Nullable String issuerValue, String subject, @Nullable String tokenId, @Nullable Instant expiresAt,
        @Nullable Instant notBefore, @Nullable Instant issuedAt) {
      this.principal = principal;
      this.issuer = issuer;
      this.algorithm = parsed.header.algorithm;
      this.keyId = parsed.header.keyId;
      this.vetted = selected.keys;
      this.key = selected.key;
      this.issuerValue = issuerValue;
      this.subject = subject;
      this.tokenId = tokenId;
      this.expiresAt = expiresAt;
      this.notBefore = notBefore;
      this.issuedAt = issuedAt;
    }
  }

  private Verified checkClaims(ParsedJws parsed, Map<String, Object> claims, IssuerKeys issuer, Selected key) {
    checkType(parsed.header.json.get("typ"));
    for (String idTokenClaim : ID_TOKEN_CLAIMS) {
      if (claims.containsKey(idTokenClaim)) {
        throw reject(Reason.TYPE_MISMATCH, "claim \"" + idTokenClaim + "\" marks an ID token, not an access token");
      }
    }
    if (claims.containsKey("cnf")) {
      throw reject(Reason.SENDER_CONSTRAINED, "the token is sender-constrained (\"cnf\"); authkit does not verify the binding");
    }

    Instant expiresAt = NumericDates.read(claims, "exp");
    Instant notBefore = NumericDates.read(claims, "nbf");
    Instant issuedAt = NumericDates.read(claims, "iat");
    checkTimes(clock.instant(), expiresAt, notBefore, issuedAt);
    if (maxTokenLifetime != null) {
      if (issuedAt == null) {
        throw reject(Reason.MISSING_CLAIM, "a maximum lifetime is configured, so \"iat\" is required");
      }
      if (expiresAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxTokenLifetime) > 0) {
        throw reject(Reason.LIFETIME_TOO_LONG, "exp - iat exceeds the maximum lifetime of " + maxTokenLifetime);
      }
    }

    Set<String> audience = audience(claims, issuer.config.audiences());
    String issuerValue = claims.get("iss") instanceof String ? (String) claims.get("iss") : null;
    String clientId = ClaimMapper.clientId(claims);
    String subject = subject(claims, clientId);
    String tokenId = ClaimMapper.optionalString(claims, "jti");
    for (String required : requiredClaims) {
      if (claims.get(required) == null) {
        throw reject(Reason.MISSING_CLAIM, "required claim \"" + required + "\" is missing");
      }
    }
    Map<String, Object> frozenClaims = claims;
    applyClaimRules(frozenClaims);
    if (revocationList != null && isRevoked(issuerValue == null ? "" : issuerValue, tokenId, subject, issuedAt)) {
      throw reject(Reason.REVOKED, "the token is revoked");
    }

    PrincipalFields fields = new PrincipalFields();
    fields.subject = subject;
    fields.issuer = issuerValue;
    fields.audience = audience;
    fields.clientId = clientId;
    fields.tenant = claimMapper.tenant(claims);
    fields.scopes = claimMapper.scopes(claims);
    fields.roles = claimMapper.roles(claims);
    fields.claims = frozenClaims;
    fields.authenticationMethod = AuthenticationMethod.JWT;
    fields.credentialId = tokenId;
    fields.expiresAt = expiresAt;
    return new Verified(Principals.create(fields), issuer, parsed, key, issuerValue, subject, tokenId, expiresAt,
        notBefore, issuedAt);
  }

  /** {@code exp} (or the age of a token without it), {@code nbf} and {@code iat} against {@code now}, with the skew. */
  private void checkTimes(Instant now, @Nullable Instant expiresAt, @Nullable Instant notBefore,
      @Nullable Instant issuedAt) {
    if (expiresAt == null) {
      if (missingExpirationMaxAge == null) {
        throw reject(Reason.MISSING_CLAIM, "claim \"exp\" is missing");
      }
      if (issuedAt == null) {
        throw reject(Reason.MISSING_CLAIM, "a token without \"exp\" needs \"iat\"");
      }
      if (!now.isBefore(issuedAt.plus(missingExpirationMaxAge).plus(clockSkew))) {
        throw reject(Reason.LIFETIME_TOO_LONG, "the token has no \"exp\" and is older than the allowed age");
      }
    } else if (!now.isBefore(expiresAt.plus(clockSkew))) {
      throw reject(Reason.EXPIRED, "the token expired");
    }
    if (notBefore != null && now.isBefore(notBefore.minus(clockSkew))) {
      throw reject(Reason.NOT_YET_VALID, "the token is not valid yet (\"nbf\")");
    }
    if (issuedAt != null && issuedAt.isAfter(now.plus(clockSkew))) {
      throw reject(Reason.ISSUED_IN_FUTURE, "claim \"iat\" is in the future");
    }
  }

  /** RFC 9068 §2.1 and §4, RFC 8725 §3.11: {@code at+jwt} (media type, case-insensitive, optional {@code application/}). */
  private void checkType(@Nullable Object typ) {
    if (typ == null) {
      if (requireAccessTokenType) {
        throw reject(Reason.TYPE_MISMATCH, "\"typ\" is absent but at+jwt is required");
      }
      return;
    }
    if (!(typ instanceof String)) {
      throw reject(Reason.TYPE_MISMATCH, "\"typ\" must be a string");
    }
    String type = ((String) typ).toLowerCase(Locale.ROOT);
    if (type.startsWith("application/")) {
      type = type.substring("application/".length());
    }
    if (type.equals("at+jwt")) {
      return;
    }
    if (type.equals("jwt") && !requireAccessTokenType) {
      return;
    }
    throw reject(Reason.TYPE_MISMATCH, "\"typ\" is not an access-token type");
  }

  private static Set<String> audience(Map<String, Object> claims, Set<String> accepted) {
    Object aud = claims.get("aud");
    Set<String> values = new LinkedHashSet<>();
    if (aud instanceof String) {
      values.add((String) aud);
    } else if (aud instanceof List) {
      for (Object element : (List<?>) aud) {
        if (!(element instanceof String)) {
          throw reject(Reason.INVALID_CLAIM, "claim \"aud\" must hold only strings");
        }
        values.add((String) element);
      }
    } else if (aud != null) {
      throw reject(Reason.INVALID_CLAIM, "claim \"aud\" must be a string or an array of strings");
    }
    if (accepted.isEmpty()) {
      return values;
    }
    if (aud == null) {
      throw reject(Reason.MISSING_CLAIM, "claim \"aud\" is missing");
    }
    for (String value : values) {
      if (accepted.contains(value)) {
        return values;
      }
    }
    throw reject(Reason.AUDIENCE_MISMATCH, "no \"aud\" value is an accepted audience");
  }

  private String subject(Map<String, Object> claims, @Nullable String clientId) {
    Object sub = claims.get("sub");
    if (sub == null) {
      if (allowMissingSubject && clientId != null && !clientId.isEmpty()) {
        return clientId;
      }
      throw reject(Reason.MISSING_CLAIM, "claim \"sub\" is missing");
    }
    if (!(sub instanceof String) || ((String) sub).isBlank()) {
      throw reject(Reason.INVALID_CLAIM, "claim \"sub\" must be a non-blank string");
    }
    return ClaimMapper.wellFormed((String) sub, "sub");
  }

  private boolean isRevoked(String issuer, @Nullable String tokenId, String subject, @Nullable Instant issuedAt) {
    try {
      return revocationList.isRevoked(issuer, tokenId, subject, issuedAt);
    } catch (AuthenticationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new VerificationUnavailableException(Reason.STORE_UNAVAILABLE,
          "the revocation list failed: " + e.getClass().getName());
    }
  }

  private void reportFailure(@Nullable String token, Attempt attempt, AuthenticationException failure) {
    boolean debug = LOG.isDebugEnabled();
    if (!debug && !events.hasListeners()) {
      return;
    }
    String fingerprint = Redaction.fingerprint(token, maxTokenSize);
    if (debug) {
      LOG.debug("JWT rejected: {} ({}) credential={}", failure.reason(), failure.getMessage(), fingerprint);
    }
    if (events.hasListeners()) {
      boolean unavailable = failure instanceof VerificationUnavailableException;
      events.publish(AuthEvent.builder(unavailable ? AuthEvent.Type.VERIFICATION_UNAVAILABLE
              : AuthEvent.Type.AUTHENTICATION_FAILED, clock.instant())
          .severity(unavailable ? AuthEvent.Severity.WARNING : AuthEvent.Severity.INFO)
          .reason(failure.reason())
          .authenticationMethod(AuthenticationMethod.JWT)
          .issuer(attempt.issuer)
          .keyId(attempt.keyId)
          .credentialFingerprint(fingerprint)
          .detail(failure.getMessage())
          .build());
    }
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }

  /** What is known about the token so far, for the failure event. */
  private static final class Attempt {
    @Nullable String issuer;
    @Nullable String keyId;
  }

  /** One trusted issuer with its vetted keys, re-vetted whenever its source hands out a new set. */
  private final class IssuerKeys {
    final TrustedIssuer config;
    final @Nullable HmacVerifier hmacVerifier;
    private volatile @Nullable VettedKeys vetted;

    IssuerKeys(TrustedIssuer config) {
      this.config = config;
      SecretKey secret = config.hmacKey();
      try {
        this.hmacVerifier = secret == null ? null : new HmacVerifier(secret);
      } catch (JOSEException e) {
        throw new IllegalArgumentException("the HMAC key cannot be used: " + e.getMessage(), e);
      }
    }

    /** Returns the vetted keys of the source's current set; for a cache hit. */
    VettedKeys currentKeys() {
      KeySource source = config.keySource().orElseThrow(
          () -> reject(Reason.ALGORITHM_NOT_ALLOWED, "this issuer has no asymmetric keys"));
      return vetted(fetch(source::keys));
    }

    Selected select(JWSAlgorithm algorithm, @Nullable String keyId) {
      KeySource source = config.keySource().orElseThrow(
          () -> reject(Reason.ALGORITHM_NOT_ALLOWED, "this issuer has no asymmetric keys"));
      JWKSet set = fetch(source::keys);
      VettedKeys keys = vetted(set);
      VettedKeys.Selection selection = keys.select(algorithm, keyId);
      if (selection.outcome() == VettedKeys.Outcome.NOT_FOUND) {
        JWKSet refreshed = fetch(() -> source.keysAfterUnknownKey(keyId));
        if (refreshed != set) {
          keys = vetted(refreshed);
          selection = keys.select(algorithm, keyId);
        }
      }
      switch (selection.outcome()) {
        case FOUND:
          return new Selected(keys, requireNonNull(selection.key()));
        case ALGORITHM_MISMATCH:
          throw reject(Reason.ALGORITHM_NOT_ALLOWED, "the key named by \"kid\" does not allow this alg");
        case REJECTED:
          throw reject(Reason.KEY_REJECTED, "the key named by \"kid\" was refused by the key policy");
        case AMBIGUOUS:
          throw reject(Reason.UNKNOWN_KEY, "more than one key fits the token; authkit never tries keys in turn");
        default:
          throw reject(Reason.UNKNOWN_KEY, keyId == null
              ? "the token has no \"kid\" and no single key fits its alg" : "no key has this \"kid\"");
      }
    }

    private JWKSet fetch(Supplier<JWKSet> call) {
      JWKSet set;
      try {
        set = call.get();
      } catch (AuthenticationException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE,
            "the key source failed: " + e.getClass().getName());
      }
      if (set == null) {
        throw new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, "the key source returned no key set");
      }
      return set;
    }

    private VettedKeys vetted(JWKSet set) {
      VettedKeys current = vetted;
      if (current != null && current.source() == set) {
        return current;
      }
      synchronized (this) {
        current = vetted;
        if (current == null || current.source() != set) {
          current = VettedKeys.vet(set, this::keyRejected, current);
          vetted = current;
        }
        return current;
      }
    }

    private void keyRejected(JWK key, KeyPolicy.Rejection rejection) {
      String issuerName = config.issuer().orElse("<any issuer>");
      LOG.warn("Key {} of issuer {} refused: {}", key.getKeyID() == null ? "(no kid)" : key.getKeyID(),
          issuerName, rejection.why());
      events.publish(AuthEvent.builder(AuthEvent.Type.KEY_REJECTED, clock.instant())
          .severity(rejection.severity())
          .reason(Reason.KEY_REJECTED)
          .issuer(config.issuer().orElse(null))
          .keyId(key.getKeyID())
          .detail(rejection.why())
          .build());
    }
  }

  /**
   * Configures a {@link JwtAuthenticator}. Each option may be set once (a second call throws
   * {@link IllegalStateException} naming the current value); {@link #addEventListener} and
   * {@link #trustedIssuer} add. Not thread-safe.
   *
   * <p>{@link #issuer}, {@link #audience}, {@link #keySource}, {@link #algorithms} and
   * {@link #hmacKey} configure one issuer in place; {@link #trustedIssuer} adds more, each with its
   * own keys, audiences and algorithms.
   */
  public static final class Builder {
    private @Nullable String issuer;
    private boolean anyIssuer;
    private @Nullable String[] audiences;
    private boolean anyAudience;
    private @Nullable KeySource keySource;
    private @Nullable JWSAlgorithm[] algorithms;
    private @Nullable SecretKey hmacKey;
    private final List<TrustedIssuer> trustedIssuers = new ArrayList<>();
    private @Nullable Clock clock;
    private @Nullable Duration clockSkew;
    private @Nullable Integer maxTokenSize;
    private boolean requireAccessTokenType;
    private @Nullable Duration missingExpirationMaxAge;
    private boolean allowMissingSubject;
    private @Nullable Duration maxTokenLifetime;
    private final List<String> requiredClaims = new ArrayList<>();
    private final List<ClaimRule> claimRules = new ArrayList<>();
    private @Nullable ClaimMapper claimMapper;
    private @Nullable RevocationList revocationList;
    private final List<AuthEventListener> listeners = new ArrayList<>();
    private @Nullable Integer verifiedTokenCacheSize;

    private Builder() {}

    /**
     * Sets the issuer whose tokens are accepted (RFC 7519 §4.1.1): {@code iss} must equal it exactly.
     *
     * @param value e.g. {@code "https://login.example.com"}; not null or blank
     * @return this builder
     * @throws IllegalStateException if an issuer was already set
     */
    public Builder issuer(String value) {
      checkUnset(issuer != null || anyIssuer, "issuer");
      this.issuer = TrustedIssuer.checkIssuer(value);
      return this;
    }

    /**
     * Accepts tokens whatever their {@code iss}, with the keys of {@link #keySource}. Weakens
     * security: any issuer whose keys you configured may mint tokens for you, and no issuer-key
     * binding applies. Cannot be combined with {@link #trustedIssuer}.
     *
     * @return this builder
     */
    public Builder insecureAcceptAnyIssuer() {
      checkUnset(issuer != null || anyIssuer, "issuer");
      this.anyIssuer = true;
      return this;
    }

    /**
     * Sets the audiences accepted in {@code aud} (RFC 7519 §4.1.3, RFC 9068 §4).
     *
     * @param values one or more non-blank strings, compared exactly
     * @return this builder
     * @throws IllegalArgumentException if none is given, or one is null or blank
     */
    public Builder audience(String... values) {
      checkUnset(audiences != null || anyAudience, "audience");
      TrustedIssuer.builder("https://audience.check").audience(values);
      this.audiences = values.clone();
      return this;
    }

    /**
     * Accepts any {@code aud}. Weakens security: tokens the issuer minted for other APIs are accepted.
     *
     * @return this builder
     */
    public Builder insecureAcceptAnyAudience() {
      checkUnset(audiences != null || anyAudience, "audience");
      this.anyAudience = true;
      return this;
    }

    /**
     * Sets where the issuer's keys come from.
     *
     * @param source e.g. {@link StaticKeys#fromJwkSetFile}; not null
     * @return this builder
     */
    public Builder keySource(KeySource source) {
      checkUnset(keySource, "keySource");
      this.keySource = requireNonNull(source, "source");
      return this;
    }

    /**
     * Restricts the issuer's JWS algorithms; see {@link TrustedIssuer.Builder#algorithms}.
     *
     * @param values one or more supported algorithms
     * @return this builder
     */
    public Builder algorithms(JWSAlgorithm... values) {
      checkUnset(algorithms, "algorithms");
      this.algorithms = requireNonNull(values, "values").clone();
      return this;
    }

    /**
     * Sets the issuer's HMAC secret; see {@link TrustedIssuer.Builder#hmacKey}.
     *
     * @param key at least 32 bytes; not null
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter than 32 bytes or has no raw encoding
     */
    public Builder hmacKey(SecretKey key) {
      checkUnset(hmacKey != null, "hmacKey");
      this.hmacKey = TrustedIssuer.checkHmacKey(key);
      return this;
    }

    /**
     * Adds another trusted issuer with its own keys, audiences and algorithms (DESIGN decision 4).
     *
     * @param value the issuer; not null; its {@code iss} must differ from every other's
     * @return this builder
     */
    public Builder trustedIssuer(TrustedIssuer value) {
      trustedIssuers.add(requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the time source. Default: {@link Clock#systemUTC()}.
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
     * Sets the allowed clock skew between the issuer and this server. A token is expired when
     * {@code now >= exp + skew}, valid from {@code now >= nbf - skew}, and refused when
     * {@code iat > now + skew}. Default 60 seconds.
     *
     * @param value from zero to 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if negative or over 5 minutes
     */
    public Builder clockSkew(Duration value) {
      checkUnset(clockSkew, "clockSkew");
      requireNonNull(value, "value");
      if (value.isNegative() || value.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clockSkew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + value);
      }
      this.clockSkew = value;
      return this;
    }

    /**
     * Sets the size cap, checked before any decoding: longer tokens are {@code TOO_LARGE}.
     * Default 16,384 characters (16 KiB). The cap also bounds the work an unauthenticated caller
     * can cause: the header and payload are decoded and parsed before the signature is checked
     * (the payload's {@code iss} picks the issuer's keys), so a raised cap lets every request cost
     * up to that much parsing (about 15 ms per MB of JSON here).
     *
     * @param characters from 256 to 16,777,216
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxTokenSize(int characters) {
      checkUnset(maxTokenSize, "maxTokenSize");
      if (characters < MIN_MAX_TOKEN_SIZE || characters > MAX_MAX_TOKEN_SIZE) {
        throw new IllegalArgumentException("maxTokenSize must be between " + MIN_MAX_TOKEN_SIZE + " and "
            + MAX_MAX_TOKEN_SIZE + " characters, was " + characters);
      }
      this.maxTokenSize = characters;
      return this;
    }

    /**
     * Requires {@code typ} to be {@code at+jwt} or {@code application/at+jwt} (RFC 9068 §2.1,
     * case-insensitive). Default: those, {@code JWT} or no {@code typ} are accepted, because many
     * issuers still stamp {@code JWT}.
     *
     * @return this builder
     */
    public Builder requireAccessTokenType() {
      checkUnset(requireAccessTokenType, "requireAccessTokenType");
      this.requireAccessTokenType = true;
      return this;
    }

    /**
     * Accepts tokens without {@code exp}, as long as they carry {@code iat} and are younger than
     * {@code maxAge}. Weakens security (RFC 9068 §2.2 requires {@code exp}).
     *
     * @param maxAge the largest accepted {@code now - iat}; positive, at most 366 days
     * @return this builder
     */
    public Builder insecureAllowMissingExpiration(Duration maxAge) {
      checkUnset(missingExpirationMaxAge, "insecureAllowMissingExpiration");
      requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_LIFETIME_SETTING) > 0) {
        throw new IllegalArgumentException("maxAge must be positive and at most " + MAX_LIFETIME_SETTING + ", was " + maxAge);
      }
      this.missingExpirationMaxAge = maxAge;
      return this;
    }

    /**
     * Accepts tokens without {@code sub}; the principal's subject is then the client
     * ({@code client_id}, else {@code azp}), and a token with neither is still refused. Weakens the
     * RFC 9068 §2.2 profile.
     *
     * @return this builder
     */
    public Builder insecureAllowMissingSubject() {
      checkUnset(allowMissingSubject, "insecureAllowMissingSubject");
      this.allowMissingSubject = true;
      return this;
    }

    /**
     * Refuses tokens whose {@code exp - iat} exceeds {@code value} ({@code LIFETIME_TOO_LONG}), and
     * then requires {@code iat}. Default: no limit.
     *
     * @param value positive, at most 366 days
     * @return this builder
     */
    public Builder maxTokenLifetime(Duration value) {
      checkUnset(maxTokenLifetime, "maxTokenLifetime");
      requireNonNull(value, "value");
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_LIFETIME_SETTING) > 0) {
        throw new IllegalArgumentException("maxTokenLifetime must be positive and at most " + MAX_LIFETIME_SETTING
            + ", was " + value);
      }
      this.maxTokenLifetime = value;
      return this;
    }

    /**
     * Requires claims to be present (not absent, not JSON {@code null}); a missing one is {@code MISSING_CLAIM}.
     *
     * @param names claim names; none null or blank
     * @return this builder
     */
    public Builder requireClaims(String... names) {
      checkUnset(!requiredClaims.isEmpty(), "requireClaims");
      for (String name : requireNonNull(names, "names")) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("required claim names must be non-blank");
        }
        requiredClaims.add(name);
      }
      return this;
    }

    /**
     * Adds a claim rule, run after every built-in check; a failing rule is {@code INVALID_CLAIM}.
     *
     * @param rule not null
     * @return this builder
     */
    public Builder claimRule(ClaimRule rule) {
      claimRules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Sets how claims map to scopes, roles and tenant. Default {@link ClaimMapper#defaults()}.
     *
     * @param value not null
     * @return this builder
     */
    public Builder claimMapper(ClaimMapper value) {
      checkUnset(claimMapper, "claimMapper");
      this.claimMapper = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the revocation list consulted for every verified token. Default: none.
     *
     * @param value not null
     * @return this builder
     */
    public Builder revocationList(RevocationList value) {
      checkUnset(revocationList, "revocationList");
      this.revocationList = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how many verified tokens are remembered. A token seen again is then not parsed or
     * signature-checked again: its principal is returned after the checks that can change since it
     * was verified, every time: {@code exp}/{@code nbf}/{@code iat} against the clock, the
     * {@linkplain #revocationList revocation list}, and that the key which verified it is still the
     * one its issuer's current key set selects (a key removed by rotation invalidates the tokens it
     * signed). Only successful verifications are remembered, keyed by the SHA-256 digest of the whole
     * token (never the token itself), each no longer than the token's {@code exp}. Default 10,000
     * entries, on; bounded by count (least useful evicted first).
     *
     * @param maximumSize from 1 to 10,000,000 entries; see {@link #disableVerifiedTokenCache()} for none
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if the cache was already configured or disabled
     */
    public Builder verifiedTokenCache(int maximumSize) {
      checkUnset(verifiedTokenCacheSize, "verifiedTokenCache");
      if (maximumSize < 1 || maximumSize > MAX_VERIFIED_TOKEN_CACHE_SIZE) {
        throw new IllegalArgumentException("verifiedTokenCache must be between 1 and " + MAX_VERIFIED_TOKEN_CACHE_SIZE
            + " entries, was " + maximumSize);
      }
      this.verifiedTokenCacheSize = maximumSize;
      return this;
    }

    /**
     * Turns the verified-token cache off: every token is parsed and its signature checked on every
     * call. For deployments that must not keep principals in memory; costs the full verification
     * per request.
     *
     * @return this builder
     * @throws IllegalStateException if the cache was already configured or disabled
     */
    public Builder disableVerifiedTokenCache() {
      checkUnset(verifiedTokenCacheSize, "verifiedTokenCache");
      this.verifiedTokenCacheSize = 0;
      return this;
    }

    /**
     * Adds a listener for {@link AuthEvent}s; may be called more than once.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder addEventListener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @return an immutable, thread-safe authenticator
     * @throws IllegalStateException naming every missing item ("issuer must be configured: call
     *     issuer(..) or insecureAcceptAnyIssuer()", the same for audience and keys), or when two
     *     trusted issuers share an {@code iss}
     */
    public JwtAuthenticator build() {
      List<TrustedIssuer> all = new ArrayList<>();
      boolean shortcutUsed = issuer != null || anyIssuer || audiences != null || anyAudience || keySource != null
          || algorithms != null || hmacKey != null;
      if (shortcutUsed || trustedIssuers.isEmpty()) {
        List<String> missing = new ArrayList<>();
        if (issuer == null && !anyIssuer) {
          missing.add("issuer must be configured: call issuer(..) or insecureAcceptAnyIssuer()");
        }
        if (audiences == null && !anyAudience) {
          missing.add("audience must be configured: call audience(..) or insecureAcceptAnyAudience()");
        }
        if (keySource == null && hmacKey == null) {
          missing.add("keys must be configured: call keySource(..) or hmacKey(..)");
        }
        if (!missing.isEmpty()) {
          throw new IllegalStateException("JwtAuthenticator is incomplete: " + String.join("; ", missing));
        }
        TrustedIssuer.Builder single = anyIssuer ? TrustedIssuer.anyIssuer() : TrustedIssuer.builder(issuer);
        if (anyAudience) {
          single.insecureAcceptAnyAudience();
        } else {
          single.audience(audiences);
        }
        if (keySource != null) {
          single.keySource(keySource);
        }
        if (hmacKey != null) {
          single.hmacKey(hmacKey);
        }
        if (algorithms != null) {
          single.algorithms(algorithms);
        }
        all.add(single.build());
      }
      all.addAll(trustedIssuers);
      Set<String> names = new HashSet<>();
      for (TrustedIssuer trusted : all) {
        if (trusted.issuer().isEmpty() && all.size() > 1) {
          throw new IllegalStateException("insecureAcceptAnyIssuer() cannot be combined with trustedIssuer(..)");
        }
        if (trusted.issuer().isPresent() && !names.add(trusted.issuer().get())) {
          throw new IllegalStateException("issuer " + trusted.issuer().get() + " is configured twice");
        }
      }
      return new JwtAuthenticator(this, all);
    }
  }
}
