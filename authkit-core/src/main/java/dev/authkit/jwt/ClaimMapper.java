package dev.authkit.jwt;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How verified claims become the scopes, roles, tenant and client of an
 * {@link dev.authkit.AuthPrincipal}.
 *
 * <ul>
 *   <li>Scopes: from {@code scope} (RFC 8693 §4.2, RFC 9068 §2.2.3) and {@code scp} (Microsoft Entra,
 *       Okta), each either a space-delimited string or a JSON array of strings; the union is kept.
 *       Each scope must use only RFC 6749 §3.3 scope-token characters.
 *   <li>Roles: from the configured claim paths; default {@code roles}. A path is a claim name
 *       ({@code cognito:groups}, {@code https://example.com/roles}) or dot-separated names into
 *       nested objects ({@code realm_access.roles}, {@code resource_access.orders-api.roles}); the
 *       whole name is tried first. Use {@link Builder#rolesFromPath(String...)} when a name itself
 *       contains a dot. Values: a JSON array of strings, or a space-delimited string. A path whose
 *       intermediate member exists but is not an object is {@code INVALID_CLAIM}.
 *   <li>Tenant: from the configured claim; default {@code tid}. Must be a string when present.
 *   <li>Client: {@code client_id} (RFC 9068 §2.2), else {@code azp} (OIDC Core §2).
 * </ul>
 *
 * <p>A mapped claim with the wrong JSON type rejects the token with {@code INVALID_CLAIM}: authkit
 * never guesses, and never drops a value silently.
 *
 * <pre>{@code
 * ClaimMapper keycloak = ClaimMapper.builder()
 *     .rolesFrom("realm_access.roles", "resource_access.orders-api.roles")
 *     .tenantFrom("org_id")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClaimMapper {

  private static final ClaimMapper DEFAULTS = builder().build();

  private final List<List<String>> rolePaths;
  /** Each role path joined with dots, computed once: a claim of that flat name, and the name in messages. */
  private final List<String> joinedRolePaths;
  private final @Nullable String tenantClaim;

  private ClaimMapper(List<List<String>> rolePaths, @Nullable String tenantClaim) {
    this.rolePaths = rolePaths;
    List<String> joined = new ArrayList<>(rolePaths.size());
    rolePaths.forEach(path -> joined.add(String.join(".", path)));
    this.joinedRolePaths = List.copyOf(joined);
    this.tenantClaim = tenantClaim;
  }

  /** Returns the default mapping: roles from {@code roles}, tenant from {@code tid}. */
  public static ClaimMapper defaults() {
    return DEFAULTS;
  }

  /** Starts a mapping. */
  public static Builder builder() {
    return new Builder();
  }

  Set<String> scopes(Map<String, Object> claims) {
    Set<String> scopes = new LinkedHashSet<>();
    addWords(scopes, claims.get("scope"), "scope", true);
    addWords(scopes, claims.get("scp"), "scp", true);
    return scopes;
  }

  Set<String> roles(Map<String, Object> claims) {
    Set<String> roles = new LinkedHashSet<>();
    for (int i = 0; i < rolePaths.size(); i++) {
      addWords(roles, resolve(claims, rolePaths.get(i), joinedRolePaths.get(i)), joinedRolePaths.get(i), false);
    }
    return roles;
  }

  @Nullable String tenant(Map<String, Object> claims) {
    return tenantClaim == null ? null : optionalString(claims, tenantClaim);
  }

  /**
   * Returns {@code value} when it is a well-formed identifier: non-empty and free of control and
   * line-separator characters (an application that logs the subject must not be open to log
   * injection). Unpaired surrogates never get here: the claims parser refuses them in every string
   * ({@code MALFORMED}, RFC 8259 §8.2), so two different JSON strings cannot become one subject
   * after UTF-8 encoding.
   *
   * @throws CredentialRejectedException {@code INVALID_CLAIM} otherwise
   */
  static String wellFormed(String value, String claim) {
    if (value.isEmpty()) {
      throw invalid("claim \"" + claim + "\" must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw invalid("claim \"" + claim + "\" holds a control or line-separator character");
      }
    }
    return value;
  }

  static @Nullable String clientId(Map<String, Object> claims) {
    String clientId = optionalString(claims, "client_id");
    return clientId != null ? clientId : optionalString(claims, "azp");
  }

  static @Nullable String optionalString(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw invalid("claim \"" + name + "\" must be a string");
    }
    return wellFormed((String) value, name);
  }

  private static @Nullable Object resolve(Map<String, Object> claims, List<String> path, String joined) {
    if (path.size() > 1) {
      Object whole = claims.get(joined);
      if (whole != null) {
        return whole;
      }
    }
    Object current = claims;
    for (int i = 0; i < path.size(); i++) {
      if (current == null) {
        return null;
      }
      if (!(current instanceof Map)) {
        throw invalid("claim \"" + String.join(".", path.subList(0, i)) + "\" must be a JSON object");
      }
      current = ((Map<?, ?>) current).get(path.get(i));
    }
    return current;
  }

  private static void addWords(Set<String> out, @Nullable Object value, String claim, boolean scopeSyntax) {
    if (value == null) {
      return;
    }
    if (value instanceof String) {
      // Space-delimited (RFC 6749 §3.3), empty words skipped; one pass, no intermediate array.
      String text = (String) value;
      int start = 0;
      int space;
      while ((space = text.indexOf(' ', start)) >= 0) {
        if (space > start) {
          out.add(checkWord(text.substring(start, space), claim, scopeSyntax));
        }
        start = space + 1;
      }
      if (start < text.length()) {
        out.add(checkWord(text.substring(start), claim, scopeSyntax));
      }
      return;
    }
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        if (!(element instanceof String)) {
          throw invalid("claim \"" + claim + "\" must hold only strings");
        }
        if (!((String) element).isEmpty()) {
          out.add(checkWord((String) element, claim, scopeSyntax));
        }
      }
      return;
    }
    throw invalid("claim \"" + claim + "\" must be a string or an array of strings");
  }

  /**
   * Scopes: RFC 6749 §3.3 scope-token characters only (%x21 / %x23-5B / %x5D-7E). Roles: any text
   * without control or line-separator characters (role names from IdPs may contain spaces).
   */
  private static String checkWord(String word, String claim, boolean scopeSyntax) {
    if (!scopeSyntax) {
      return wellFormed(word, claim);
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        throw invalid("claim \"" + claim + "\" holds a value with a character outside RFC 6749 §3.3 scope-token");
      }
    }
    return word;
  }

  private static CredentialRejectedException invalid(String message) {
    return new CredentialRejectedException(Reason.INVALID_CLAIM, message);
  }

  @Override
  public String toString() {
    List<String> paths = new ArrayList<>();
    rolePaths.forEach(path -> paths.add(String.join(".", path)));
    return "ClaimMapper[roles=" + paths + ", tenant=" + tenantClaim + "]";
  }

  /** Builds a {@link ClaimMapper}. Each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable List<List<String>> rolePaths;
    private @Nullable String tenantClaim;
    private boolean tenantSet;

    private Builder() {}

    /**
     * Sets the claim paths roles are read from, replacing the default {@code roles}.
     *
     * @param paths claim names or dot-separated paths; not null or blank; none means no roles from claims
     * @return this builder
     * @throws IllegalStateException if role paths were already set
     */
    public Builder rolesFrom(String... paths) {
      checkUnset(rolePaths, "rolesFrom");
      List<List<String>> parsed = new ArrayList<>();
      for (String path : requireNonNull(paths, "paths")) {
        if (path == null || path.isBlank()) {
          throw new IllegalArgumentException("role claim paths must be non-blank");
        }
        List<String> segments = List.of(path.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
          throw new IllegalArgumentException("role claim path \"" + path + "\" has an empty segment;"
              + " use rolesFromPath(..) for names that contain dots");
        }
        parsed.add(segments);
      }
      rolePaths = parsed;
      return this;
    }

    /**
     * Adds one role path given as separate names, for names that contain dots
     * ({@code rolesFromPath("resource_access", "api.example.com", "roles")}). May be combined with
     * {@link #rolesFrom}; replaces the default {@code roles}.
     *
     * @param segments the names from the top level down; at least one, none blank
     * @return this builder
     */
    public Builder rolesFromPath(String... segments) {
      if (segments == null || segments.length == 0 || Arrays.stream(segments).anyMatch(s -> s == null || s.isBlank())) {
        throw new IllegalArgumentException("a role path needs one or more non-blank names");
      }
      if (rolePaths == null) {
        rolePaths = new ArrayList<>();
      }
      rolePaths.add(List.of(segments));
      return this;
    }

    /**
     * Sets the claim the tenant is read from (default {@code tid}); null for no tenant.
     *
     * @param claim a claim name, or null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder tenantFrom(@Nullable String claim) {
      checkUnset(tenantSet, "tenantFrom");
      if (claim != null && claim.isBlank()) {
        throw new IllegalArgumentException("the tenant claim name must be non-blank, or null for none");
      }
      tenantSet = true;
      tenantClaim = claim;
      return this;
    }

    /** Returns the mapper. */
    public ClaimMapper build() {
      List<List<String>> paths = rolePaths == null ? List.of(List.of("roles")) : List.copyOf(rolePaths);
      return new ClaimMapper(paths, tenantSet ? tenantClaim : "tid");
    }
  }
}
