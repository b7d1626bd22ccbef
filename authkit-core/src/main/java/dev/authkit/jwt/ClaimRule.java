package dev.authkit.jwt;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Predicate;

/**
 * An extra check on the claims of a token whose signature and standard claims already verified.
 * Rules add to authkit's built-in checks and never replace them. A rule that returns false, or
 * throws, rejects the token with {@code INVALID_CLAIM}.
 *
 * <pre>{@code
 * ClaimRule.of("acr is mfa", claims -> "mfa".equals(claims.get("acr")))
 * }</pre>
 *
 * <p>Rules run for every token, also when the verified-token cache answers (a rule may read the
 * clock or outside state, such as "tenant still enabled"). Implementations must be thread-safe,
 * fast and side-effect free.
 */
public interface ClaimRule {

  /** Returns a short description for logs (no claim values); never null. */
  String description();

  /**
   * Returns true when the claims pass.
   *
   * @param claims the verified claims as parsed JSON values, unmodifiable; never null
   */
  boolean test(Map<String, Object> claims);

  /**
   * Creates a rule from a predicate.
   *
   * @param description short text for logs; not null
   * @param predicate the check; not null
   * @return the rule
   */
  static ClaimRule of(String description, Predicate<Map<String, Object>> predicate) {
    requireNonNull(description, "description");
    requireNonNull(predicate, "predicate");
    return new ClaimRule() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public boolean test(Map<String, Object> claims) {
        return predicate.test(claims);
      }

      @Override
      public String toString() {
        return "ClaimRule[" + description + "]";
      }
    };
  }
}
