package dev.authkit.access;

import static java.util.Objects.requireNonNull;

import dev.authkit.http.RequestView;
import java.util.List;
import java.util.Set;

/**
 * One line of an {@link AccessRules} table: HTTP methods and a path pattern, and the
 * {@link Requirement} for requests that match.
 *
 * <p>Path patterns, matched segment by segment against {@link RequestView#path()} (no regular
 * expressions): a literal segment matches itself exactly (case-sensitive); {@code *} matches exactly
 * one non-empty segment; a final {@code **} matches zero or more remaining segments. So
 * {@code /v1/orders/*} matches {@code /v1/orders/42} but not {@code /v1/orders} or
 * {@code /v1/orders/42/items}; {@code /v1/admin/**} matches {@code /v1/admin} and everything below.
 * A trailing slash is a segment of its own: {@code /v1/orders/} does not match {@code /v1/orders}.
 *
 * <p>A rule for {@code GET} also applies to {@code HEAD}, which servlet containers and JAX-RS
 * runtimes answer with the GET handler (RFC 9110 §9.3.2), so a HEAD request can never skip the
 * GET requirement.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRule {

  private final Set<String> methods;
  private final String pattern;
  private final List<String> segments;
  private final boolean openEnded;
  private final Requirement requirement;

  private AccessRule(Set<String> methods, String pattern, Requirement requirement) {
    this.methods = methods;
    this.pattern = pattern;
    List<String> parts = split(pattern);
    this.openEnded = !parts.isEmpty() && parts.get(parts.size() - 1).equals("**");
    this.segments = openEnded ? List.copyOf(parts.subList(0, parts.size() - 1)) : parts;
    if (segments.contains("**")) {
      throw new IllegalArgumentException("\"**\" may only be the last segment of a pattern: " + pattern);
    }
    this.requirement = requirement;
  }

  /**
   * Creates a rule.
   *
   * @param methods the HTTP methods it applies to, exact and case-sensitive (e.g. {@code GET}); empty
   *     for every method; not null
   * @param pattern a path pattern as described above, starting with {@code /}; not null
   * @param requirement what matching requests need; not null
   * @return the rule
   * @throws IllegalArgumentException if the pattern does not start with {@code /} or misplaces {@code **}
   */
  public static AccessRule of(Set<String> methods, String pattern, Requirement requirement) {
    requireNonNull(methods, "methods");
    requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with '/': " + pattern);
    }
    return new AccessRule(Set.copyOf(methods), pattern, requireNonNull(requirement, "requirement"));
  }

  /** Returns true when the request's method and path match. */
  public boolean matches(RequestView request) {
    return methodMatches(request.method()) && pathMatches(request.path());
  }

  /** A rule for GET also covers HEAD: containers answer HEAD with the GET handler (RFC 9110 §9.3.2). */
  private boolean methodMatches(String method) {
    return methods.isEmpty() || methods.contains(method) || method.equals("HEAD") && methods.contains("GET");
  }

  /** Returns what matching requests need. */
  public Requirement requirement() {
    return requirement;
  }

  /** Returns the methods (empty for all). */
  public Set<String> methods() {
    return methods;
  }

  /** Returns the path pattern. */
  public String pattern() {
    return pattern;
  }

  private boolean pathMatches(String path) {
    int position = 1;
    int index = 0;
    int length = path.length();
    while (index < segments.size()) {
      if (position > length) {
        return false;
      }
      int end = path.indexOf('/', position);
      if (end < 0) {
        end = length;
      }
      String expected = segments.get(index);
      if (expected.equals("*")) {
        if (end == position) {
          return false;
        }
      } else if (end - position != expected.length() || !path.startsWith(expected, position)) {
        return false;
      }
      index++;
      position = end + 1;
    }
    if (openEnded) {
      return true;
    }
    return position == length + 1;
  }

  private static List<String> split(String pattern) {
    if (pattern.equals("/")) {
      return List.of("");
    }
    return List.of(pattern.substring(1).split("/", -1));
  }

  @Override
  public String toString() {
    return (methods.isEmpty() ? "*" : String.join(",", methods)) + " " + pattern + " -> " + requirement;
  }
}
