package dev.authkit.internal;

import org.jspecify.annotations.Nullable;

/** Helpers for set-once builders. Not an API. */
public final class Settings {

  private Settings() {}

  /**
   * Throws when a builder option was already set (Caffeine-style: each option may be set once).
   *
   * @throws IllegalStateException naming the option and its current value
   */
  public static void checkUnset(@Nullable Object current, String option) {
    if (current != null) {
      throw new IllegalStateException(option + " was already set to " + describe(current));
    }
  }

  /** Values are shown only when they are plain configuration; anything else (a key, a source) is not printed. */
  private static String describe(Object value) {
    if (value instanceof Object[]) {
      return java.util.Arrays.toString((Object[]) value);
    }
    if (value instanceof CharSequence || value instanceof Number || value instanceof java.time.Duration
        || value instanceof Enum || value instanceof java.util.Collection || value instanceof java.time.Clock
        || value.getClass().getName().startsWith("dev.authkit.")) {
      return String.valueOf(value);
    }
    return "an instance of " + value.getClass().getName();
  }

  /** Throws {@link IllegalStateException} when {@code alreadySet} is true. */
  public static void checkUnset(boolean alreadySet, String option) {
    if (alreadySet) {
      throw new IllegalStateException(option + " was already set");
    }
  }
}
