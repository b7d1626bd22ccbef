package dev.authkit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in text (CASES.md BR-28): log lines, exception messages, {@code toString()},
 * events and HTTP responses. Two kinds of rule:
 *
 * <ul>
 *   <li>shapes, for credentials no test registered: a base64url JSON object of 16 characters or
 *       more ({@code eyJ...}, i.e. a JWS header or payload segment, so every compact token) and a
 *       whole API key ({@code <prefix>_<12 base62>_<28 base62>});
 *   <li>registered secrets ({@link #forbid}): canary strings, API-key secrets and the payload and
 *       signature segments of every token {@link Tokens} signs. A secret is found when any 16
 *       characters starting it appear, so a cut-off copy counts too.
 * </ul>
 *
 * Allowed, because authkit logs them on purpose: key ids, {@code jti}, reason codes and
 * fingerprints ({@code eyJhbG…#1a2b3c4d}: six characters and a hash). Thread-safe; the registry is
 * shared by a whole test run.
 */
public final class SecretScanner {

  /** A registered secret is matched by any 16-character window that starts it. */
  static final int WINDOW = 16;
  private static final Pattern JSON_SEGMENT = Pattern.compile("eyJ[A-Za-z0-9_-]{13,}");
  private static final Pattern API_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}_[0-9A-Za-z]{12}_[0-9A-Za-z]{28}");
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9_~+/=-]{" + WINDOW + ",}");
  private static final Set<String> STARTS = ConcurrentHashMap.newKeySet();
  private static final Set<String> SHORT = ConcurrentHashMap.newKeySet();

  private SecretScanner() {}

  /**
   * Registers secrets that must never appear (the whole string, or its first 16 characters).
   * Strings under 16 characters are matched whole; under 6 they are ignored (too common to mean
   * anything).
   */
  public static void forbid(String... secrets) {
    for (String secret : secrets) {
      if (secret == null || secret.length() < 6) {
        continue;
      }
      if (secret.length() < WINDOW) {
        SHORT.add(secret);
      } else {
        STARTS.add(secret.substring(0, WINDOW));
      }
    }
  }

  /**
   * Registers a compact JWS: its payload and signature segments (the header is shared by many
   * tokens and is no secret on its own; {@link #JSON_SEGMENT} catches it anyway).
   */
  public static void forbidToken(String token) {
    String[] parts = token.split("\\.", -1);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].length() >= WINDOW) {
        STARTS.add(parts[i].substring(0, WINDOW));
      }
    }
  }

  /** Returns one description per leak found in {@code text}; empty when clean. */
  public static List<String> leaks(String text) {
    List<String> found = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    Matcher json = JSON_SEGMENT.matcher(text);
    while (json.find()) {
      found.add("a base64url JSON segment (JWS header or payload) of " + json.group().length() + " characters");
    }
    Matcher key = API_KEY.matcher(text);
    while (key.find()) {
      found.add("a whole API key");
    }
    for (String secret : SHORT) {
      if (text.contains(secret)) {
        found.add("a registered secret of " + secret.length() + " characters");
      }
    }
    Matcher run = RUN.matcher(text);
    while (run.find()) {
      String value = run.group();
      for (int i = 0; i + WINDOW <= value.length(); i++) {
        if (STARTS.contains(value.substring(i, i + WINDOW))) {
          found.add("a registered secret (16+ characters of it)");
          break;
        }
      }
    }
    return found;
  }

  /** Returns {@code text} with every match of the shape rules replaced, safe to print in a failure. */
  public static String masked(String text) {
    String out = JSON_SEGMENT.matcher(text).replaceAll("<JSON-SEGMENT>");
    out = API_KEY.matcher(out).replaceAll("<API-KEY>");
    for (String secret : SHORT) {
      out = out.replace(secret, "<SECRET>");
    }
    Matcher run = RUN.matcher(out);
    StringBuilder result = new StringBuilder();
    while (run.find()) {
      String value = run.group();
      boolean secret = false;
      for (int i = 0; i + WINDOW <= value.length() && !secret; i++) {
        secret = STARTS.contains(value.substring(i, i + WINDOW));
      }
      run.appendReplacement(result, Matcher.quoteReplacement(secret ? "<SECRET>" : value));
    }
    run.appendTail(result);
    String line = result.toString();
    return line.length() > 600 ? line.substring(0, 600) + "…" : line;
  }

  /**
   * Asserts that none of {@code texts} (their {@code String.valueOf}; a {@link Throwable} with its
   * whole cause and suppressed chain) holds a credential.
   *
   * @param where names the thing scanned, for the failure message
   */
  public static void assertClean(String where, Object... texts) {
    List<String> problems = new ArrayList<>();
    for (Object text : texts) {
      for (String value : render(text)) {
        for (String leak : leaks(value)) {
          problems.add(leak + " in: " + masked(value));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(where + " leaks credentials:\n  " + String.join("\n  ", problems));
    }
  }

  /** The texts a value shows: a throwable's toString and message along its cause and suppressed chain. */
  static List<String> render(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Throwable) {
      addThrowable((Throwable) value, out, 0);
    } else {
      out.add(String.valueOf(value));
    }
    return out;
  }

  private static void addThrowable(Throwable t, List<String> out, int depth) {
    if (t == null || depth > 10) {
      return;
    }
    out.add(t.toString());
    if (t.getMessage() != null) {
      out.add(t.getMessage());
    }
    for (Throwable suppressed : t.getSuppressed()) {
      addThrowable(suppressed, out, depth + 1);
    }
    addThrowable(t.getCause(), out, depth + 1);
  }
}
