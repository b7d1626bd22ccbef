package dev.authkit.jwt;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.internal.jwt.Algorithms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * One issuer a {@link JwtAuthenticator} trusts: its exact {@code iss} value, the audiences its
 * tokens must name, where its keys come from, and which JWS algorithms it may use.
 *
 * <p>Keys are bound to their issuer (DESIGN decision 4): the unverified {@code iss} of a token only
 * chooses which issuer's keys to search, and a key of one issuer never verifies a token claiming
 * another.
 *
 * <pre>{@code
 * TrustedIssuer partner = TrustedIssuer.builder("https://login.partner.example")
 *     .audience("api://orders")
 *     .keySource(StaticKeys.fromJwkSetFile(Path.of("partner-jwks.json")))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedIssuer {

  private final @Nullable String issuer;
  private final Set<String> audiences;
  private final @Nullable KeySource keySource;
  private final Set<JWSAlgorithm> algorithms;
  private final @Nullable SecretKey hmacKey;

  private TrustedIssuer(Builder builder, Set<JWSAlgorithm> algorithms) {
    this.issuer = builder.issuer;
    this.audiences = Collections.unmodifiableSet(new LinkedHashSet<>(builder.audiences));
    this.keySource = builder.keySource;
    this.algorithms = Set.copyOf(algorithms);
    this.hmacKey = builder.hmacKey;
  }

  /**
   * Starts a trusted issuer.
   *
   * @param issuer the exact {@code iss} value (RFC 7519 §4.1.1; compared as a case-sensitive
   *     string, trailing slash included); not null or blank
   * @return a builder
   * @throws IllegalArgumentException if {@code issuer} is null or blank, or contains whitespace or control characters
   */
  public static Builder builder(String issuer) {
    return new Builder(checkIssuer(issuer));
  }

  /** Checks an issuer value: non-blank, no whitespace or control characters anywhere (an issuer identifier is a URL). */
  static String checkIssuer(String issuer) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer must be a non-blank string, e.g. \"https://login.example.com\"");
    }
    for (int i = 0; i < issuer.length(); i++) {
      char c = issuer.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException("issuer must not contain whitespace or control characters;"
            + " it is compared exactly with the token's iss");
      }
    }
    return issuer;
  }

  /** Checks an HMAC secret: not null, raw-encodable, at least 32 bytes (RFC 7518 §3.2). */
  static SecretKey checkHmacKey(SecretKey key) {
    requireNonNull(key, "key");
    byte[] encoded = key.getEncoded();
    if (encoded == null || encoded.length < 32) {
      throw new IllegalArgumentException("the HMAC key must have at least 32 bytes (256 bits, RFC 7518 §3.2)");
    }
    boolean allSame = true;
    for (byte b : encoded) {
      allSame &= b == encoded[0];
    }
    Arrays.fill(encoded, (byte) 0);
    if (allSame) {
      throw new IllegalArgumentException("the HMAC key has every byte equal: use a random secret (e.g. from SecureRandom)");
    }
    return key;
  }

  static Builder anyIssuer() {
    return new Builder(null);
  }

  /** Returns the exact {@code iss} value; empty only for the single issuer of {@code insecureAcceptAnyIssuer()}. */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** Returns the accepted audiences; empty means any audience ({@code insecureAcceptAnyAudience()}). */
  public Set<String> audiences() {
    return audiences;
  }

  /** Returns the allowed JWS algorithms; never empty, never {@code none}. */
  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  /** Returns where asymmetric keys come from; empty for an HMAC-only issuer. */
  public Optional<KeySource> keySource() {
    return Optional.ofNullable(keySource);
  }

  @Nullable SecretKey hmacKey() {
    return hmacKey;
  }

  @Override
  public String toString() {
    return "TrustedIssuer[" + (issuer == null ? "<any issuer>" : issuer) + ", audiences="
        + (audiences.isEmpty() ? "<any>" : audiences) + ", algorithms=" + algorithms.size() + "]";
  }

  /**
   * Builds a {@link TrustedIssuer}. Each option may be set once. Not thread-safe.
   */
  public static final class Builder {
    private final @Nullable String issuer;
    private final List<String> audiences = new ArrayList<>();
    private boolean anyAudience;
    private @Nullable KeySource keySource;
    private @Nullable Set<JWSAlgorithm> algorithms;
    private @Nullable SecretKey hmacKey;

    private Builder(@Nullable String issuer) {
      this.issuer = issuer;
    }

    /**
     * Sets the audiences accepted in {@code aud} (RFC 7519 §4.1.3): a token is accepted when any
     * of its {@code aud} values equals any of these exactly.
     *
     * @param values one or more non-blank strings
     * @return this builder
     * @throws IllegalArgumentException if none is given or one is null or blank
     * @throws IllegalStateException if audiences were already set
     */
    public Builder audience(String... values) {
      checkUnset(!audiences.isEmpty() || anyAudience, "audience");
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("audience needs at least one value");
      }
      for (String value : values) {
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException("audience values must be non-blank strings");
        }
        audiences.add(value);
      }
      return this;
    }

    /**
     * Accepts tokens whatever their {@code aud}. Weakens security: a token issued for another API
     * of the same issuer is then accepted here (RFC 9068 §4, RFC 8725 §3.9). Prefer {@link #audience}.
     *
     * @return this builder
     * @throws IllegalStateException if audiences were already set
     */
    public Builder insecureAcceptAnyAudience() {
      checkUnset(!audiences.isEmpty() || anyAudience, "audience");
      anyAudience = true;
      return this;
    }

    /**
     * Sets where the issuer's asymmetric keys come from.
     *
     * @param source the key source; not null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder keySource(KeySource source) {
      checkUnset(keySource, "keySource");
      this.keySource = requireNonNull(source, "source");
      return this;
    }

    /**
     * Restricts the JWS algorithms (RFC 7518 §3.1) this issuer may use. Default: every asymmetric
     * algorithm (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, Ed25519), plus the HMAC
     * algorithms the {@link #hmacKey} is long enough for when one is configured.
     *
     * @param values one or more of the algorithms above; {@code HS*} only together with {@link #hmacKey}
     * @return this builder
     * @throws IllegalArgumentException if empty, or naming {@code none} or an unsupported algorithm
     * @throws IllegalStateException if already set
     */
    public Builder algorithms(JWSAlgorithm... values) {
      checkUnset(algorithms, "algorithms");
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("algorithms needs at least one value");
      }
      Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
      for (JWSAlgorithm value : values) {
        requireNonNull(value, "algorithm");
        if (!Algorithms.isSupported(value)) {
          throw new IllegalArgumentException("algorithm " + value + " is not supported; choose from "
              + Algorithms.ASYMMETRIC + " or " + Algorithms.HMAC);
        }
        chosen.add(value);
      }
      this.algorithms = chosen;
      return this;
    }

    /**
     * Sets the secret for HMAC-signed tokens (HS256/384/512, RFC 7518 §3.2). HMAC is used with this
     * key only, never with a key from a key set.
     *
     * @param key the secret; at least 32 bytes (HS256), 48 (HS384) or 64 (HS512) for each HMAC
     *     algorithm to be allowed
     * @return this builder
     * @throws IllegalArgumentException if the key has no raw encoding or is shorter than 32 bytes
     * @throws IllegalStateException if already set
     */
    public Builder hmacKey(SecretKey key) {
      checkUnset(hmacKey != null, "hmacKey");
      this.hmacKey = checkHmacKey(key);
      return this;
    }

    /**
     * Builds the issuer.
     *
     * @return the issuer
     * @throws IllegalStateException naming every missing item: audience, and keys (a key source or an HMAC key);
     *     or when {@code HS*} algorithms are listed without a long enough HMAC key
     */
    public TrustedIssuer build() {
      List<String> missing = new ArrayList<>();
      if (audiences.isEmpty() && !anyAudience) {
        missing.add("audience must be configured: call audience(..) or insecureAcceptAnyAudience()");
      }
      if (keySource == null && hmacKey == null) {
        missing.add("keys must be configured: call keySource(..) or hmacKey(..)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("TrustedIssuer " + (issuer == null ? "<any issuer>" : issuer)
            + " is incomplete: " + String.join("; ", missing));
      }
      int hmacBytes = hmacKeyLength();
      Set<JWSAlgorithm> effective = new LinkedHashSet<>();
      if (algorithms == null) {
        effective.addAll(Algorithms.ASYMMETRIC);
        for (JWSAlgorithm hmac : Algorithms.HMAC) {
          if (hmacBytes >= Algorithms.hmacMinKeyBytes(hmac)) {
            effective.add(hmac);
          }
        }
      } else {
        for (JWSAlgorithm chosen : algorithms) {
          if (Algorithms.HMAC.contains(chosen) && hmacBytes < Algorithms.hmacMinKeyBytes(chosen)) {
            throw new IllegalStateException(chosen + " needs hmacKey(..) of at least "
                + Algorithms.hmacMinKeyBytes(chosen) + " bytes (RFC 7518 §3.2)");
          }
          effective.add(chosen);
        }
      }
      return new TrustedIssuer(this, effective);
    }

    private int hmacKeyLength() {
      if (hmacKey == null) {
        return 0;
      }
      byte[] encoded = hmacKey.getEncoded();
      int length = encoded.length;
      Arrays.fill(encoded, (byte) 0);
      return length;
    }
  }
}
