package dev.authkit.internal.http;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.http.RequestView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the one credential of a request (DESIGN "The one way data flows"): an
 * {@code Authorization: Bearer} token per the exact RFC 6750 §2.1 grammar, an API key in its header
 * or as a Bearer value with a configured prefix, or the client certificate when no header credential
 * is present. Query-string and form-body tokens (RFC 6750 §2.2, §2.3) are never read. Immutable
 * and thread-safe; not an API.
 */
public final class CredentialExtractor {

  /** The kinds of credential. */
  public enum Kind { NONE, BEARER_JWT, BEARER_API_KEY, HEADER_API_KEY, CLIENT_CERTIFICATE }

  /** The credential found: its kind and value (null for NONE and CLIENT_CERTIFICATE). */
  public record Credential(Kind kind, @Nullable String value) {
    static final Credential NONE = new Credential(Kind.NONE, null);
  }

  private final List<String> apiKeyPrefixes;
  private final @Nullable String apiKeyHeader;
  private final boolean clientCertificates;

  /**
   * @param apiKeyPrefixes prefixes (without the trailing {@code _}) whose Bearer values are API keys
   * @param apiKeyHeader the API-key header name, or null when API keys are off
   * @param clientCertificates whether a client certificate counts as a credential
   */
  public CredentialExtractor(List<String> apiKeyPrefixes, @Nullable String apiKeyHeader, boolean clientCertificates) {
    this.apiKeyPrefixes = List.copyOf(apiKeyPrefixes);
    this.apiKeyHeader = apiKeyHeader;
    this.clientCertificates = clientCertificates;
  }

  /**
   * Extracts the credential.
   *
   * @throws CredentialRejectedException {@code MALFORMED_REQUEST} (400) when a Bearer header breaks
   *     the grammar or is empty; {@code AMBIGUOUS_CREDENTIALS} (400) for two {@code Authorization}
   *     headers, two API-key headers, or a Bearer credential and an API-key header together
   */
  public Credential extract(RequestView request) {
    List<String> authorization = request.headers("Authorization");
    if (authorization.size() > 1) {
      throw reject(Reason.AMBIGUOUS_CREDENTIALS, "the request has " + authorization.size() + " Authorization headers");
    }
    Credential bearer = authorization.isEmpty() ? Credential.NONE : bearer(authorization.get(0));
    Credential headerKey = Credential.NONE;
    if (apiKeyHeader != null) {
      List<String> keys = request.headers(apiKeyHeader);
      if (keys.size() > 1) {
        throw reject(Reason.AMBIGUOUS_CREDENTIALS, "the request has " + keys.size() + " " + apiKeyHeader + " headers");
      }
      if (keys.size() == 1) {
        String value = trimOws(keys.get(0));
        if (value.isEmpty()) {
          throw reject(Reason.MALFORMED_REQUEST, "the " + apiKeyHeader + " header is empty");
        }
        headerKey = new Credential(Kind.HEADER_API_KEY, value);
      }
    }
    if (bearer.kind() != Kind.NONE && headerKey.kind() != Kind.NONE) {
      throw reject(Reason.AMBIGUOUS_CREDENTIALS, "the request has both a Bearer credential and an API-key header");
    }
    if (bearer.kind() != Kind.NONE) {
      return bearer;
    }
    if (headerKey.kind() != Kind.NONE) {
      return headerKey;
    }
    if (clientCertificates && !request.clientCertificates().isEmpty()) {
      return new Credential(Kind.CLIENT_CERTIFICATE, null);
    }
    return Credential.NONE;
  }

  /**
   * RFC 6750 §2.1: {@code credentials = "Bearer" 1*SP b64token}, the scheme case-insensitive
   * (RFC 9110 §11.1), field whitespace around the value not part of it (RFC 9110 §5.5). Another
   * scheme is not authkit's credential.
   */
  private Credential bearer(String field) {
    String value = trimOws(field);
    if (value.isEmpty()) {
      throw reject(Reason.MALFORMED_REQUEST, "the Authorization header is empty");
    }
    int schemeEnd = 0;
    while (schemeEnd < value.length() && isTchar(value.charAt(schemeEnd))) {
      schemeEnd++;
    }
    boolean isBearer = schemeEnd == 6 && value.regionMatches(true, 0, "Bearer", 0, 6);
    if (!isBearer) {
      return Credential.NONE;
    }
    if (schemeEnd == value.length()) {
      throw reject(Reason.MALFORMED_REQUEST, "the Bearer credential is empty");
    }
    if (value.charAt(schemeEnd) != ' ') {
      throw reject(Reason.MALFORMED_REQUEST, "the Bearer scheme must be followed by a space");
    }
    int tokenStart = schemeEnd;
    while (tokenStart < value.length() && value.charAt(tokenStart) == ' ') {
      tokenStart++;
    }
    if (tokenStart == value.length()) {
      throw reject(Reason.MALFORMED_REQUEST, "the Bearer credential is empty");
    }
    String token = value.substring(tokenStart);
    if (!isB64token(token)) {
      throw reject(Reason.MALFORMED_REQUEST, "the Bearer credential is not a b64token (RFC 6750 §2.1)");
    }
    for (String prefix : apiKeyPrefixes) {
      if (token.length() > prefix.length() && token.startsWith(prefix) && token.charAt(prefix.length()) == '_') {
        return new Credential(Kind.BEARER_API_KEY, token);
      }
    }
    return new Credential(Kind.BEARER_JWT, token);
  }

  /**
   * {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}, except that
   * {@code =} is admitted anywhere: a JWS with padded segments is then refused by the verifier as
   * {@code MALFORMED} (401, CASES.md BR-24) rather than as a broken header (400). Every other
   * character outside the grammar is a broken header.
   */
  private static boolean isB64token(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
      if (!allowed) {
        return false;
      }
    }
    return !token.isEmpty();
  }

  /** RFC 9110 §5.6.2 tchar. */
  private static boolean isTchar(char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Removes RFC 9110 §5.6.3 OWS (SP, HTAB) from both ends. */
  private static String trimOws(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }
}
