package dev.authkit.internal;

import dev.authkit.AuthPrincipal;
import java.util.function.Function;

/**
 * The only way to create an {@link AuthPrincipal}: verifiers in authkit's own packages call
 * {@link #create}. {@code AuthPrincipal} has no public constructor, so a principal cannot be made
 * from unverified claims by accident. Not an API.
 */
public final class Principals {

  private static volatile Function<PrincipalFields, AuthPrincipal> factory;

  private Principals() {}

  /**
   * Called once, from {@code AuthPrincipal}'s class initializer.
   *
   * @throws IllegalStateException when called a second time
   */
  public static synchronized void install(Function<PrincipalFields, AuthPrincipal> newFactory) {
    if (factory != null) {
      throw new IllegalStateException("the principal factory is already installed");
    }
    factory = newFactory;
  }

  /** Creates a principal from verified fields. */
  public static AuthPrincipal create(PrincipalFields fields) {
    Function<PrincipalFields, AuthPrincipal> current = factory;
    if (current == null) {
      initialize();
      current = factory;
    }
    return current.apply(fields);
  }

  private static void initialize() {
    try {
      Class.forName(AuthPrincipal.class.getName(), true, AuthPrincipal.class.getClassLoader());
    } catch (ClassNotFoundException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
