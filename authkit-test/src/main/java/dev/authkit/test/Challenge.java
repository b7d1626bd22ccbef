package dev.authkit.test;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code WWW-Authenticate} challenge, parsed strictly: RFC 9110 §11.6.1
 * {@code auth-scheme [ 1*SP auth-param *( OWS "," OWS auth-param ) ]} with every value a
 * quoted-string without escapes, as RFC 6750 §3 requires of {@code Bearer}; no parameter twice; values
 * limited to printable ASCII ({@code %x20-21 / %x23-5B / %x5D-7E}). Anything else is an
 * {@link IllegalArgumentException}, so a test fails on a malformed header instead of reading it
 * leniently. One challenge per header field value, as authkit writes them.
 *
 * <pre>{@code
 * Challenge bearer = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElseThrow());
 * bearer.error();   // Optional[insufficient_scope]
 * bearer.scopes();  // [orders:write]
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Challenge {

  private final String scheme;
  private final Map<String, String> params;

  private Challenge(String scheme, Map<String, String> params) {
    this.scheme = scheme;
    this.params = Collections.unmodifiableMap(params);
  }

  /**
   * Parses one challenge.
   *
   * @param header the header field value, e.g. {@code Bearer realm="api", error="invalid_token"}; not null
   * @return the challenge
   * @throws IllegalArgumentException if the value breaks the grammar above
   */
  public static Challenge parse(String header) {
    requireNonNull(header, "header");
    int i = 0;
    while (i < header.length() && isTchar(header.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw bad("no auth-scheme", header);
    }
    String scheme = header.substring(0, i);
    Map<String, String> params = new LinkedHashMap<>();
    if (i == header.length()) {
      return new Challenge(scheme, params);
    }
    if (header.charAt(i) != ' ') {
      throw bad("the auth-scheme is not followed by a space", header);
    }
    while (i < header.length() && header.charAt(i) == ' ') {
      i++;
    }
    while (true) {
      int nameStart = i;
      while (i < header.length() && isTchar(header.charAt(i))) {
        i++;
      }
      String name = header.substring(nameStart, i);
      if (name.isEmpty() || i >= header.length() || header.charAt(i) != '=') {
        throw bad("bad auth-param at index " + nameStart, header);
      }
      i++;
      if (i >= header.length() || header.charAt(i) != '"') {
        throw bad("the value of " + name + " is not a quoted-string", header);
      }
      i++;
      StringBuilder value = new StringBuilder();
      while (i < header.length() && header.charAt(i) != '"') {
        char c = header.charAt(i);
        if (c == '\\' || c < 0x20 || c > 0x7e) {
          throw bad("forbidden character in the value of " + name, header);
        }
        value.append(c);
        i++;
      }
      if (i >= header.length()) {
        throw bad("unterminated quoted-string", header);
      }
      i++;
      if (params.put(name.toLowerCase(java.util.Locale.ROOT), value.toString()) != null) {
        throw bad("auth-param " + name + " appears twice (RFC 6750 §3)", header);
      }
      while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
        i++;
      }
      if (i == header.length()) {
        return new Challenge(scheme, params);
      }
      if (header.charAt(i) != ',') {
        throw bad("expected ',' at index " + i, header);
      }
      i++;
      while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
        i++;
      }
    }
  }

  /**
   * Parses every value of a response's {@code WWW-Authenticate} header fields.
   *
   * @param headers the field values, in order; not null
   * @return the challenges, in order; unmodifiable
   * @throws IllegalArgumentException if one breaks the grammar
   */
  public static List<Challenge> parseAll(List<String> headers) {
    List<Challenge> all = new ArrayList<>();
    for (String header : headers) {
      all.add(parse(header));
    }
    return List.copyOf(all);
  }

  /** Returns the auth-scheme as written, e.g. {@code Bearer} or {@code ApiKey}. */
  public String scheme() {
    return scheme;
  }

  /** Returns the parameters (names lower-cased) in order; unmodifiable. */
  public Map<String, String> params() {
    return params;
  }

  /** Returns one parameter, by case-insensitive name. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Returns {@code realm} (RFC 6750 §3). */
  public Optional<String> realm() {
    return param("realm");
  }

  /** Returns {@code error} (RFC 6750 §3.1): {@code invalid_request}, {@code invalid_token} or {@code insufficient_scope}. */
  public Optional<String> error() {
    return param("error");
  }

  /** Returns {@code error_description} (RFC 6750 §3). */
  public Optional<String> errorDescription() {
    return param("error_description");
  }

  /** Returns {@code scope} as written (space-delimited, RFC 6750 §3). */
  public Optional<String> scope() {
    return param("scope");
  }

  /** Returns the scope tokens of {@code scope}, in order; empty when absent; unmodifiable. */
  public Set<String> scopes() {
    return scope().map(value -> Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(value.split(" +")))))
        .orElse(Set.of());
  }

  @Override
  public String toString() {
    return scheme + " " + params;
  }

  private static IllegalArgumentException bad(String problem, String header) {
    return new IllegalArgumentException("malformed WWW-Authenticate challenge: " + problem + ": " + header);
  }

  private static boolean isTchar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
