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
      throw new IllegalStateException(option + " was already set to " + current);
    }
  }

  /** Throws {@link IllegalStateException} when {@code alreadySet} is true. */
  public static void checkUnset(boolean alreadySet, String option) {
    if (alreadySet) {
      throw new IllegalStateException(option + " was already set");
    }
  }
}
