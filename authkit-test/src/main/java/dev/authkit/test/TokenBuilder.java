package dev.authkit.test;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.test.internal.Jose;
import dev.authkit.test.internal.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds one signed access token (RFC 9068 JWT, compact JWS) from a {@link FakeIssuer}. Every option
 * has a default that the issuer's own {@link FakeIssuer#authenticator()} accepts, so a test states
 * only what matters to it.
 *
 * <pre>{@code
 * String token = issuer.token()
 *     .subject("user_42").scopes("orders:read").roles("admin").tenant("t1")
 *     .audience("api").expiresIn(Duration.ofMinutes(5))
 *     .claim("email", "user42@example.com")
 *     .sign();
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>part</th><th>default</th><th>option</th></tr>
 *   <tr><td>header {@code alg}, {@code kid}</td><td>the issuer's first algorithm and its current key</td><td>{@link #algorithm}</td></tr>
 *   <tr><td>header {@code typ}</td><td>{@code at+jwt}</td><td>{@link #type}</td></tr>
 *   <tr><td>{@code iss}</td><td>{@link FakeIssuer#issuer()}</td><td>{@link #issuer}</td></tr>
 *   <tr><td>{@code sub}</td><td>{@code test-user}</td><td>{@link #subject}</td></tr>
 *   <tr><td>{@code aud}</td><td>{@link FakeIssuer#audience()} (one string)</td><td>{@link #audience}</td></tr>
 *   <tr><td>{@code client_id}</td><td>{@code test-client}</td><td>{@link #clientId}</td></tr>
 *   <tr><td>{@code iat}</td><td>the issuer clock's now</td><td>{@link #issuedAt}</td></tr>
 *   <tr><td>{@code exp}</td><td>{@code iat} + 5 minutes</td><td>{@link #expiresIn}, {@link #expiresAt}</td></tr>
 *   <tr><td>{@code jti}</td><td>a random UUID</td><td>{@link #jwtId}</td></tr>
 *   <tr><td>{@code nbf}, {@code scope}, {@code roles}, {@code tid}</td><td>absent</td><td>{@link #notBefore}, {@link #scopes}, {@link #roles}, {@link #tenant}</td></tr>
 * </table>
 *
 * <p>Each option may be set once (a second call throws {@link IllegalStateException}); {@link #claim}
 * and {@link #header} add, once per name. Not thread-safe; the issuer is.
 */
public final class TokenBuilder {

  private final FakeIssuer issuer;
  private @Nullable String subject;
  private @Nullable String issuerValue;
  private @Nullable List<String> audience;
  private @Nullable String clientId;
  private @Nullable List<String> scopes;
  private @Nullable List<String> roles;
  private @Nullable String tenant;
  private @Nullable Duration expiresIn;
  private @Nullable Instant expiresAt;
  private @Nullable Instant issuedAt;
  private @Nullable Instant notBefore;
  private @Nullable String jwtId;
  private @Nullable JWSAlgorithm algorithm;
  private boolean typeSet;
  private @Nullable String type;
  private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
  private final Set<String> removed = new HashSet<>();
  private final Map<String, Object> headers = new LinkedHashMap<>();

  TokenBuilder(FakeIssuer issuer) {
    this.issuer = issuer;
  }

  /**
   * Sets {@code sub} (RFC 7519 §4.1.2).
   *
   * @param value not blank
   * @return this builder
   */
  public TokenBuilder subject(String value) {
    checkUnset(subject, "subject");
    this.subject = nonBlank(value, "subject");
    return this;
  }

  /**
   * Sets {@code iss}, overriding the issuer's own identifier (for "token from another issuer" tests).
   *
   * @param value not blank
   * @return this builder
   */
  public TokenBuilder issuer(String value) {
    checkUnset(issuerValue, "issuer");
    this.issuerValue = nonBlank(value, "issuer");
    return this;
  }

  /**
   * Sets {@code aud} (RFC 7519 §4.1.3): one value is written as a string, several as an array.
   *
   * @param values one or more, not blank
   * @return this builder
   */
  public TokenBuilder audience(String... values) {
    checkUnset(audience, "audience");
    this.audience = nonEmpty(values, "audience");
    return this;
  }

  /**
   * Sets {@code client_id} (RFC 9068 §2.2).
   *
   * @param value not blank
   * @return this builder
   */
  public TokenBuilder clientId(String value) {
    checkUnset(clientId, "clientId");
    this.clientId = nonBlank(value, "clientId");
    return this;
  }

  /**
   * Sets {@code scope} (RFC 9068 §2.2.3, RFC 8693 §4.2): written space-separated.
   *
   * @param values zero or more scope tokens (RFC 6749 §3.3), e.g. {@code "orders:read"}
   * @return this builder
   */
  public TokenBuilder scopes(String... values) {
    checkUnset(scopes, "scopes");
    this.scopes = List.copyOf(Arrays.asList(values));
    return this;
  }

  /**
   * Sets {@code roles} (a JSON array; authkit's default role claim).
   *
   * @param values zero or more role names
   * @return this builder
   */
  public TokenBuilder roles(String... values) {
    checkUnset(roles, "roles");
    this.roles = List.copyOf(Arrays.asList(values));
    return this;
  }

  /**
   * Sets {@code tid}, authkit's default tenant claim.
   *
   * @param value not blank
   * @return this builder
   */
  public TokenBuilder tenant(String value) {
    checkUnset(tenant, "tenant");
    this.tenant = nonBlank(value, "tenant");
    return this;
  }

  /**
   * Sets {@code exp} to {@code iat + lifetime}. Default 5 minutes.
   *
   * @param lifetime may be zero or negative, to make an expired token
   * @return this builder
   */
  public TokenBuilder expiresIn(Duration lifetime) {
    checkUnset(expiresIn != null ? expiresIn : expiresAt, "expiry");
    requireNonNull(lifetime, "lifetime");
    if (lifetime.abs().compareTo(Duration.ofDays(365L * 1000)) > 0) {
      throw new IllegalArgumentException("lifetime must be within 1000 years, was " + lifetime);
    }
    this.expiresIn = lifetime;
    return this;
  }

  /**
   * Sets {@code exp} (RFC 7519 §4.1.4), written in whole epoch seconds.
   *
   * @param value not null
   * @return this builder
   */
  public TokenBuilder expiresAt(Instant value) {
    checkUnset(expiresIn != null ? expiresIn : expiresAt, "expiry");
    this.expiresAt = requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets {@code iat} (RFC 7519 §4.1.6). Default: the issuer clock's now.
   *
   * @param value not null
   * @return this builder
   */
  public TokenBuilder issuedAt(Instant value) {
    checkUnset(issuedAt, "issuedAt");
    this.issuedAt = requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets {@code nbf} (RFC 7519 §4.1.5). Default: absent.
   *
   * @param value not null
   * @return this builder
   */
  public TokenBuilder notBefore(Instant value) {
    checkUnset(notBefore, "notBefore");
    this.notBefore = requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets {@code jti} (RFC 7519 §4.1.7). Default: a random UUID.
   *
   * @param value not blank
   * @return this builder
   */
  public TokenBuilder jwtId(String value) {
    checkUnset(jwtId, "jwtId");
    this.jwtId = nonBlank(value, "jwtId");
    return this;
  }

  /**
   * Chooses the signing algorithm and with it the issuer's current key for that algorithm.
   *
   * @param value one of {@link FakeIssuer#algorithms()}
   * @return this builder
   * @throws IllegalArgumentException if the issuer has no key for it (checked at {@link #sign()})
   */
  public TokenBuilder algorithm(JWSAlgorithm value) {
    checkUnset(algorithm, "algorithm");
    this.algorithm = requireNonNull(value, "value");
    return this;
  }

  /**
   * Sets the header {@code typ} (RFC 9068 §2.1). Default {@code at+jwt}.
   *
   * @param value e.g. {@code "JWT"} or {@code "application/at+jwt"}; null leaves {@code typ} out
   * @return this builder
   */
  public TokenBuilder type(@Nullable String value) {
    checkUnset(typeSet ? String.valueOf(type) : null, "type");
    this.typeSet = true;
    this.type = value;
    return this;
  }

  /**
   * Adds a claim, or replaces a default one ({@code sub}, {@code exp}...).
   *
   * @param name not blank
   * @param value a JSON value: {@code String}, {@code Number}, {@code Boolean}, {@code List},
   *     {@code Map}; an {@link Instant} is written as epoch seconds; null writes JSON {@code null}
   * @return this builder
   * @throws IllegalStateException if this claim was already added, or names a claim that a dedicated
   *     option already set ({@code sub} and {@link #subject}, {@code exp} and {@link #expiresIn}...; found
   *     when the token is signed)
   * @throws IllegalArgumentException if the value has no obvious JSON form
   */
  public TokenBuilder claim(String name, @Nullable Object value) {
    nonBlank(name, "name");
    if (claims.containsKey(name)) {
      throw new IllegalStateException("claim " + name + " was already set");
    }
    checkJsonValue(value, name);
    removed.remove(name);
    claims.put(name, value instanceof Instant ? ((Instant) value).getEpochSecond() : value);
    return this;
  }

  /** Only values that have one obvious JSON form; anything else would be serialized by reflection. */
  private static void checkJsonValue(@Nullable Object value, String name) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Instant) {
      return;
    }
    if (value instanceof Number) {
      if (value instanceof Double && !Double.isFinite((Double) value)
          || value instanceof Float && !Float.isFinite((Float) value)) {
        throw new IllegalArgumentException("claim " + name + ": JSON has no NaN or infinity");
      }
      return;
    }
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        checkJsonValue(element, name);
      }
      return;
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
        if (!(member.getKey() instanceof String)) {
          throw new IllegalArgumentException("claim " + name + ": JSON object keys must be strings");
        }
        checkJsonValue(member.getValue(), name);
      }
      return;
    }
    throw new IllegalArgumentException("claim " + name + ": " + value.getClass().getName()
        + " has no JSON form; use String, Number, Boolean, Instant, List or Map");
  }

  /**
   * Leaves a claim out, including a default one ({@code exp}, {@code sub}, {@code jti}...).
   *
   * @param name not blank
   * @return this builder
   */
  public TokenBuilder withoutClaim(String name) {
    nonBlank(name, "name");
    if (claims.containsKey(name) || !removed.add(name)) {
      throw new IllegalStateException("claim " + name + " was already set");
    }
    return this;
  }

  /**
   * Adds a JWS header parameter ({@code alg}, {@code kid} and {@code typ} have their own options).
   *
   * @param name not blank, not {@code alg}
   * @param value a JSON value
   * @return this builder
   */
  public TokenBuilder header(String name, Object value) {
    nonBlank(name, "name");
    if (name.equals("alg")) {
      throw new IllegalArgumentException("alg follows the key; use algorithm(..), or the hostile-token catalogue");
    }
    if (headers.putIfAbsent(name, requireNonNull(value, "value")) != null) {
      throw new IllegalStateException("header " + name + " was already set");
    }
    return this;
  }

  /**
   * Signs the token with the issuer's current key for the chosen algorithm.
   *
   * @return the compact JWS, ready for {@code Authorization: Bearer <token>}
   */
  public String sign() {
    Template template = template();
    return Jose.sign(template.header(), template.claims(), template.key());
  }

  /**
   * Returns the hostile-token catalogue built from this token: each entry is this token with exactly
   * one defect, so a rejection can only come from that defect (your app's audience and scopes stay).
   *
   * <pre>{@code
   * for (HostileToken hostile : issuer.token().audience("orders").scopes("orders:read").hostileTokens().all()) { ... }
   * }</pre>
   *
   * @return the catalogue
   */
  public HostileTokens hostileTokens() {
    return new HostileTokens(issuer, template());
  }

  /** The header, claims and key a token is made of, at one instant. */
  record Template(Map<String, Object> header, Map<String, Object> claims, SigningKey key, Instant now) {
    Template {
      header = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(header));
      claims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    Map<String, Object> headerCopy() {
      return new LinkedHashMap<>(header);
    }

    Map<String, Object> claimsCopy() {
      return new LinkedHashMap<>(claims);
    }
  }

  /** A claim set through {@link #claim} must not also be set through its dedicated option. */
  private void checkNoConflicts() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("sub", subject);
    options.put("iss", issuerValue);
    options.put("aud", audience);
    options.put("client_id", clientId);
    options.put("scope", scopes);
    options.put("roles", roles);
    options.put("tid", tenant);
    options.put("exp", expiresIn != null ? expiresIn : expiresAt);
    options.put("iat", issuedAt);
    options.put("nbf", notBefore);
    options.put("jti", jwtId);
    for (Map.Entry<String, Object> option : options.entrySet()) {
      if (option.getValue() != null && (claims.containsKey(option.getKey()) || removed.contains(option.getKey()))) {
        throw new IllegalStateException("claim " + option.getKey()
            + " is set both by its own option and by claim(..)/withoutClaim(..): choose one");
      }
    }
  }

  Template template() {
    checkNoConflicts();
    JWSAlgorithm alg = algorithm != null ? algorithm : issuer.algorithms().get(0);
    SigningKey key = issuer.currentKey(alg);
    Instant now = issuer.clock().instant();
    Instant iat = issuedAt != null ? issuedAt : now;
    Instant exp = expiresAt != null ? expiresAt
        : iat.plus(expiresIn != null ? expiresIn : FakeIssuer.DEFAULT_TOKEN_LIFETIME);

    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg.getName());
    String typ = typeSet ? type : "at+jwt";
    if (typ != null) {
      header.put("typ", typ);
    }
    header.put("kid", key.keyId());
    header.putAll(headers);

    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("iss", issuerValue != null ? issuerValue : issuer.issuer());
    body.put("sub", subject != null ? subject : FakeIssuer.DEFAULT_SUBJECT);
    List<String> aud = audience != null ? audience : List.of(issuer.audience());
    body.put("aud", aud.size() == 1 ? aud.get(0) : aud);
    body.put("client_id", clientId != null ? clientId : FakeIssuer.DEFAULT_CLIENT_ID);
    body.put("iat", iat.getEpochSecond());
    if (notBefore != null) {
      body.put("nbf", notBefore.getEpochSecond());
    }
    body.put("exp", exp.getEpochSecond());
    body.put("jti", jwtId != null ? jwtId : UUID.randomUUID().toString());
    if (scopes != null) {
      body.put("scope", String.join(" ", scopes));
    }
    if (roles != null) {
      body.put("roles", new ArrayList<>(roles));
    }
    if (tenant != null) {
      body.put("tid", tenant);
    }
    body.putAll(claims);
    body.keySet().removeAll(removed);
    @SuppressWarnings("unchecked")
    Map<String, Object> claimsOut = (Map<String, Object>) (Map<String, ?>) body;
    return new Template(header, claimsOut, key, now);
  }

  private static void checkUnset(@Nullable Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }

  private static String nonBlank(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  private static List<String> nonEmpty(String @Nullable [] values, String name) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(name + " needs at least one value");
    }
    for (String value : values) {
      nonBlank(value, name);
    }
    return List.copyOf(Arrays.asList(values));
  }
}
