package dev.authkit.jaxrs;

import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reflective access to what Jakarta REST has no portable API for (the peer address, the TLS state of
 * the connection), shared by {@link RemoteAddresses} and {@link SecureConnections}. The adapter
 * compiles against the JAX-RS API alone; runtime classes are loaded from the runtime's class loader,
 * and every failure is a null, never an exception. Stateless; package-private.
 */
final class RuntimeReflection {

  private RuntimeReflection() {}

  /** Loads a class without initializing it, or null when absent. */
  static @Nullable Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError absent) {
      return null;
    }
  }

  /** Invokes a method; null when the method is null or the call fails. */
  static @Nullable Object invoke(@Nullable Method method, @Nullable Object target, Object... arguments) {
    if (method == null) {
      return null;
    }
    try {
      return method.invoke(target, arguments);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The public no-argument method {@code name()} as a public class or interface declares it (implementation classes may be hidden). */
  static @Nullable Method publicMethod(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (Modifier.isPublic(c.getModifiers())) {
        Method found = getOrNull(c, name);
        if (found != null) {
          return found;
        }
      }
      for (Class<?> i : c.getInterfaces()) {
        Method found = getOrNull(i, name);
        if (found != null && Modifier.isPublic(i.getModifiers())) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * Jersey's request-scoped instance lookup: {@code InjectionManagerProvider.getInjectionManager(context)}
   * then {@code InjectionManager.getInstance(type)} per call (the Grizzly {@code Request}, an
   * {@code HttpServletRequest}). Null when the runtime is not Jersey.
   */
  static @Nullable Function<Class<?>, @Nullable Object> jerseyRequestScope(FeatureContext context, ClassLoader loader) {
    Object injectionManager;
    Method getInstance;
    try {
      Method lookup = Class.forName("org.glassfish.jersey.InjectionManagerProvider", false, loader)
          .getMethod("getInjectionManager", FeatureContext.class);
      injectionManager = lookup.invoke(null, context);
      getInstance = Class.forName("org.glassfish.jersey.internal.inject.InjectionManager", false, loader)
          .getMethod("getInstance", Class.class);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException notJersey) {
      return null;
    }
    if (injectionManager == null) {
      return null;
    }
    return type -> invoke(getInstance, injectionManager, type);
  }

  private static @Nullable Method getOrNull(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException | SecurityException absent) {
      return null;
    }
  }
}
