package dev.authkit.internal.jwt;

import java.security.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Optional crypto libraries detected at run time, once per class loader (DESIGN: "Performance" in
 * {@code docs/architecture.md}).
 *
 * <ul>
 *   <li>BouncyCastle ({@code org.bouncycastle:bcprov-jdk18on}): when on the class path, a private
 *       instance of its provider (never registered with {@link java.security.Security}) verifies
 *       ECDSA (ES256/384/512) and Ed25519: on JDK 17 about 10x faster than SunEC for P-256 and 3-5x
 *       for Ed25519, and still faster on JDK 25. Turned off with the system property
 *       {@code authkit.crypto.bouncycastle=false}.</li>
 *   <li>Google Tink: Nimbus's Ed25519 verifier needs it; used for Ed25519 when BouncyCastle is
 *       absent or turned off.</li>
 * </ul>
 * Stateless after class initialisation. Not an API.
 */
public final class Providers {

  /** The system property that turns BouncyCastle off ({@code false}); read once. */
  public static final String BOUNCY_CASTLE_PROPERTY = "authkit.crypto.bouncycastle";

  private static final @Nullable Provider BOUNCY_CASTLE = loadBouncyCastle();
  private static final boolean TINK = isPresent("com.google.crypto.tink.subtle.Ed25519Verify");

  private Providers() {}

  /** Returns the private BouncyCastle provider instance, or null when absent or turned off. */
  public static @Nullable Provider bouncyCastle() {
    return BOUNCY_CASTLE;
  }

  /** Returns true when Google Tink is on the class path. */
  public static boolean tinkPresent() {
    return TINK;
  }

  private static @Nullable Provider loadBouncyCastle() {
    if ("false".equalsIgnoreCase(System.getProperty(BOUNCY_CASTLE_PROPERTY))) {
      return null;
    }
    try {
      Class<?> type = Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider", true,
          Providers.class.getClassLoader());
      return (Provider) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException | SecurityException absent) {
      return null;
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, Providers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
