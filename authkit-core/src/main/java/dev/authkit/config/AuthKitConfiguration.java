package dev.authkit.config;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.access.AccessRule;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import dev.authkit.jwt.ClaimMapper;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link AuthKit} for Bearer JWT access tokens from key/value configuration: servlet
 * init-parameters, system properties or environment variables. Names are {@code authkit.<name>};
 * in the environment {@code AUTHKIT_<NAME>} (dots and dashes become {@code _}, upper case).
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code authkit.issuer}</td><td>exact issuer identifier; keys found by discovery</td><td>required</td></tr>
 *   <tr><td>{@code authkit.audience}</td><td>accepted audiences, comma-separated</td><td>required</td></tr>
 *   <tr><td>{@code authkit.jwks-uri}</td><td>the JWK set URL, to skip discovery</td><td>discovery</td></tr>
 *   <tr><td>{@code authkit.algorithms}</td><td>JWS algorithms, comma-separated</td><td>RS/PS/ES 256-512, EdDSA</td></tr>
 *   <tr><td>{@code authkit.clock-skew}</td><td>ISO-8601 duration, 0 to PT5M</td><td>{@code PT60S}</td></tr>
 *   <tr><td>{@code authkit.max-token-size}</td><td>characters</td><td>16384</td></tr>
 *   <tr><td>{@code authkit.require-access-token-type}</td><td>{@code true}: only {@code typ} at+jwt</td><td>{@code false}</td></tr>
 *   <tr><td>{@code authkit.roles-claims}</td><td>role claim paths, comma-separated</td><td>{@code roles}</td></tr>
 *   <tr><td>{@code authkit.tenant-claim}</td><td>tenant claim name</td><td>{@code tid}</td></tr>
 *   <tr><td>{@code authkit.realm}</td><td>challenge realm</td><td>{@code api}</td></tr>
 *   <tr><td>{@code authkit.rules}</td><td>access rules, see {@link #parseRules}</td><td>all authenticated</td></tr>
 *   <tr><td>{@code authkit.permit-cors-preflight}</td><td>{@code true} lets CORS preflights through</td><td>{@code false}</td></tr>
 *   <tr><td>{@code authkit.trusted-proxies}</td><td>proxy IPs trusted for {@code X-Forwarded-Proto}</td><td>none</td></tr>
 *   <tr><td>{@code authkit.insecure-allow-http-on-loopback}</td><td>{@code true}: fetch keys over plain HTTP from loopback issuers (development)</td><td>{@code false}</td></tr>
 *   <tr><td>{@code authkit.insecure-allow-http-from-loopback}</td><td>{@code true}: accept credentials over plain HTTP from loopback peers (development)</td><td>{@code false}</td></tr>
 * </table>
 *
 * <p>API keys and client certificates need objects (a store, a mapping) and are configured in code
 * with {@link AuthKit.Builder}.
 */
public final class AuthKitConfiguration {

  /** Every key this class reads; an unknown {@code authkit.*} key is refused, so a typo cannot silently weaken security. */
  public static final Set<String> KEYS = Set.of("authkit.issuer", "authkit.audience", "authkit.jwks-uri",
      "authkit.algorithms", "authkit.clock-skew", "authkit.max-token-size", "authkit.require-access-token-type",
      "authkit.roles-claims", "authkit.tenant-claim", "authkit.realm", "authkit.rules", "authkit.permit-cors-preflight",
      "authkit.trusted-proxies", "authkit.insecure-allow-http-on-loopback", "authkit.insecure-allow-http-from-loopback");

  private AuthKitConfiguration() {}

  /**
   * Looks keys up in system properties, then in the environment ({@code authkit.jwks-uri} →
   * {@code AUTHKIT_JWKS_URI}).
   *
   * @return a lookup; never null
   */
  public static Function<String, @Nullable String> systemSources() {
    return key -> {
      String value = System.getProperty(key);
      return value != null ? value : System.getenv(environmentName(key));
    };
  }

  /** Returns the environment name of a key: {@code authkit.jwks-uri} → {@code AUTHKIT_JWKS_URI}. */
  public static String environmentName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Checks that every given name starting with {@code authkit.} is a known key.
   *
   * @param names configuration names present, e.g. a servlet's init-parameter names
   * @throws IllegalArgumentException naming the unknown keys
   */
  public static void checkKnown(Iterable<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith("authkit.") && !KEYS.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown authkit configuration keys " + unknown + "; known keys: "
          + new java.util.TreeSet<>(KEYS));
    }
  }

  /**
   * Checks the process's own sources: every system property starting with {@code authkit.} and
   * every environment variable starting with {@code AUTHKIT_} must name a known key, so a typo such
   * as {@code AUTHKIT_REQUIRE_ACCESS_TOKEN_TYP} cannot silently leave a setting weaker.
   *
   * @param systemPropertyNames e.g. {@code System.getProperties().stringPropertyNames()}
   * @param environmentNames e.g. {@code System.getenv().keySet()}
   * @throws IllegalArgumentException naming the unknown names
   */
  public static void checkKnownSystemSources(Iterable<String> systemPropertyNames, Iterable<String> environmentNames) {
    checkKnown(systemPropertyNames);
    Set<String> known = new java.util.HashSet<>();
    KEYS.forEach(key -> known.add(environmentName(key)));
    List<String> unknown = new ArrayList<>();
    for (String name : environmentNames) {
      if (name.startsWith("AUTHKIT_") && !known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown authkit environment variables " + unknown + "; known: "
          + new java.util.TreeSet<>(known));
    }
  }

  /**
   * Builds the facade. Starts the key set fetch in the background ({@link JwkSetSource#warmUp()} is
   * not awaited beyond its deadline).
   *
   * @param lookup returns a key's value, or null when unset; not null
   * @return the facade and its authenticator; close it on shutdown to stop the key-set threads
   * @throws IllegalArgumentException naming the key, for a missing required key or an invalid value
   */
  public static Configured build(Function<String, @Nullable String> lookup) {
    requireNonNull(lookup, "lookup");
    List<String> missing = new ArrayList<>();
    String issuer = value(lookup, "authkit.issuer");
    String audience = value(lookup, "authkit.audience");
    if (issuer == null) {
      missing.add("authkit.issuer (AUTHKIT_ISSUER)");
    }
    if (audience == null) {
      missing.add("authkit.audience (AUTHKIT_AUDIENCE)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("authkit configuration is incomplete: set " + String.join(" and ", missing));
    }
    boolean httpOnLoopback = bool(lookup, "authkit.insecure-allow-http-on-loopback");
    String jwksUri = value(lookup, "authkit.jwks-uri");
    JwkSetSource.Builder keys;
    try {
      keys = jwksUri != null ? JwkSetSource.fromJwksUri(URI.create(jwksUri)) : JwkSetSource.fromIssuer(issuer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((jwksUri != null ? "authkit.jwks-uri" : "authkit.issuer") + ": " + e.getMessage(), e);
    }
    if (httpOnLoopback) {
      keys.insecureAllowHttpOnLoopback();
    }
    JwkSetSource source = keys.build();
    try {
      JwtAuthenticator.Builder jwt = JwtAuthenticator.builder().issuer(issuer).audience(list(audience))
          .keySource(source);
      String algorithms = value(lookup, "authkit.algorithms");
      if (algorithms != null) {
        jwt.algorithms(Arrays.stream(list(algorithms)).map(JWSAlgorithm::parse).toArray(JWSAlgorithm[]::new));
      }
      String skew = value(lookup, "authkit.clock-skew");
      if (skew != null) {
        jwt.clockSkew(duration(skew, "authkit.clock-skew"));
      }
      String size = value(lookup, "authkit.max-token-size");
      if (size != null) {
        jwt.maxTokenSize(integer(size, "authkit.max-token-size"));
      }
      if (bool(lookup, "authkit.require-access-token-type")) {
        jwt.requireAccessTokenType();
      }
      String roles = value(lookup, "authkit.roles-claims");
      String tenant = value(lookup, "authkit.tenant-claim");
      if (roles != null || tenant != null) {
        ClaimMapper.Builder mapper = ClaimMapper.builder();
        if (roles != null) {
          mapper.rolesFrom(list(roles));
        }
        if (tenant != null) {
          mapper.tenantFrom(tenant);
        }
        jwt.claimMapper(mapper.build());
      }
      JwtAuthenticator authenticator = jwt.build();
      AuthKit.Builder authKit = AuthKit.builder().jwt(authenticator);
      String rules = value(lookup, "authkit.rules");
      boolean cors = bool(lookup, "authkit.permit-cors-preflight");
      if (rules != null || cors) {
        authKit.accessRules(parseRules(rules == null ? "" : rules, cors));
      }
      String realm = value(lookup, "authkit.realm");
      if (realm != null) {
        authKit.realm(realm);
      }
      String proxies = value(lookup, "authkit.trusted-proxies");
      if (proxies != null) {
        authKit.trustedProxies(list(proxies));
      }
      if (bool(lookup, "authkit.insecure-allow-http-from-loopback")) {
        authKit.insecureAllowHttpFromLoopback();
      }
      source.warmUp();
      return new Configured(authKit.build(), authenticator);
    } catch (RuntimeException e) {
      source.close();
      throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * A configured facade and the authenticator whose key source it owns.
   *
   * @param authKit the facade
   * @param jwtAuthenticator close it on shutdown to stop the key-set threads
   */
  public record Configured(AuthKit authKit, JwtAuthenticator jwtAuthenticator) implements AutoCloseable {
    @Override
    public void close() {
      jwtAuthenticator.close();
    }
  }

  /**
   * Parses access rules: entries separated by {@code ;} or new lines, each
   * {@code [METHOD] PATH = REQUIREMENT}; {@code METHOD} is an HTTP method or {@code *} (default: all);
   * {@code PATH} a pattern as in {@link AccessRule}; {@code REQUIREMENT} one of {@code permitAll},
   * {@code authenticated}, {@code denyAll}, {@code scope:a,b} (all of), {@code anyScope:a,b},
   * {@code role:a,b} (any of). First match wins; unmatched paths need an authenticated caller.
   *
   * <pre>{@code
   * GET /v1/orders = scope:orders:read; POST /v1/orders = scope:orders:write;
   * /v1/admin/** = role:admin; /health = permitAll
   * }</pre>
   *
   * @param text the rules; not null; may be blank
   * @param permitCorsPreflight whether CORS preflight requests pass
   * @return the rules
   * @throws IllegalArgumentException naming the entry that cannot be parsed
   */
  public static AccessRules parseRules(String text, boolean permitCorsPreflight) {
    AccessRules.Builder rules = AccessRules.builder();
    if (permitCorsPreflight) {
      rules.permitCorsPreflight();
    }
    int index = 0;
    for (String raw : requireNonNull(text, "text").split("[;\n]")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      index++;
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("authkit.rules entry " + index + " \"" + entry + "\": expected [METHOD] PATH = REQUIREMENT");
      }
      String[] target = entry.substring(0, equals).trim().split("\\s+");
      String requirementText = entry.substring(equals + 1).trim();
      try {
        Requirement requirement = requirement(requirementText);
        if (target.length == 1 && !target[0].isEmpty()) {
          rules.rule(target[0], requirement);
        } else if (target.length == 2) {
          rules.rule(target[0].equals("*") ? AccessRule.of(Set.of(), target[1], requirement)
              : AccessRule.of(Set.of(target[0]), target[1], requirement));
        } else {
          throw new IllegalArgumentException("expected [METHOD] PATH before '='");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("authkit.rules entry " + index + " \"" + entry + "\": " + e.getMessage(), e);
      }
    }
    return rules.build();
  }

  private static Requirement requirement(String text) {
    switch (text) {
      case "permitAll":
        return Requirement.permitAll();
      case "authenticated":
        return Requirement.authenticated();
      case "denyAll":
        return Requirement.denyAll();
      default:
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String[] values = colon < 0 ? new String[0] : list(text.substring(colon + 1));
        switch (kind) {
          case "scope":
            return Requirement.allScopes(values);
          case "anyScope":
            return Requirement.anyScope(values);
          case "role":
            return Requirement.anyRole(values);
          default:
            throw new IllegalArgumentException("unknown requirement \"" + text
                + "\"; use permitAll, authenticated, denyAll, scope:.., anyScope:.. or role:..");
        }
    }
  }

  private static @Nullable String value(Function<String, @Nullable String> lookup, String key) {
    String value = lookup.apply(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean bool(Function<String, @Nullable String> lookup, String key) {
    String value = value(lookup, key);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(key + " must be true or false, was \"" + value + "\"");
  }

  private static Duration duration(String value, String key) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT60S, was \"" + value + "\"", e);
    }
  }

  private static int integer(String value, String key) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was \"" + value + "\"", e);
    }
  }

  private static String[] list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
