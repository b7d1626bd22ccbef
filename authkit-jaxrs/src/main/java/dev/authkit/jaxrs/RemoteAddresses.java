package dev.authkit.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the peer address of a request. Jakarta REST has no portable API for it, so the default
 * resolver asks the runtime it finds, through the runtime's public API, loaded reflectively so the
 * adapter compiles against the JAX-RS API alone:
 *
 * <ul>
 *   <li>RESTEasy (any deployment): {@code ResteasyContext.getContextData(HttpRequest.class).getRemoteAddress()};
 *   <li>Jersey: the request-scoped Grizzly {@code Request} or {@code HttpServletRequest} from its
 *       {@code InjectionManager} ({@code InjectionManagerProvider.getInjectionManager(FeatureContext)}),
 *       then {@code getRemoteAddr()}.
 * </ul>
 *
 * When none answers, the address is empty: trusted proxies and the loopback switch then never
 * apply, so a credential over plain HTTP is refused (fail closed). Stateless after construction;
 * package-private.
 */
final class RemoteAddresses {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteAddresses.class);

  private RemoteAddresses() {}

  /** Returns the default resolver for the runtime that is configuring {@code context}. */
  static Function<ContainerRequestContext, @Nullable String> forRuntime(FeatureContext context) {
    ClassLoader loader = context.getClass().getClassLoader();
    Function<ContainerRequestContext, @Nullable String> resteasy = resteasy(loader);
    if (resteasy != null) {
      return resteasy;
    }
    Function<ContainerRequestContext, @Nullable String> jersey = jersey(context, loader);
    if (jersey != null) {
      return jersey;
    }
    LOG.warn("authkit cannot read the peer address from this JAX-RS runtime ({}); trusted proxies and "
        + "insecureAllowHttpFromLoopback() will not apply: configure AuthKitFeature.Builder.remoteAddress(..)",
        context.getClass().getName());
    return request -> null;
  }

  private static @Nullable Function<ContainerRequestContext, @Nullable String> resteasy(ClassLoader loader) {
    try {
      Class<?> httpRequest = Class.forName("org.jboss.resteasy.spi.HttpRequest", false, loader);
      Method contextData = Class.forName("org.jboss.resteasy.core.ResteasyContext", false, loader)
          .getMethod("getContextData", Class.class);
      Method remoteAddress = httpRequest.getMethod("getRemoteAddress");
      return request -> {
        Object current = RuntimeReflection.invoke(contextData, null, httpRequest);
        return current == null ? null : (String) RuntimeReflection.invoke(remoteAddress, current);
      };
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError notResteasy) {
      return null;
    }
  }

  private static @Nullable Function<ContainerRequestContext, @Nullable String> jersey(FeatureContext context,
      ClassLoader loader) {
    Function<Class<?>, @Nullable Object> requestScope = RuntimeReflection.jerseyRequestScope(context, loader);
    if (requestScope == null) {
      return null;
    }
    java.util.List<Class<?>> types = new java.util.ArrayList<>();
    java.util.List<Method> getters = new java.util.ArrayList<>();
    for (String name : new String[] {"org.glassfish.grizzly.http.server.Request", "jakarta.servlet.http.HttpServletRequest"}) {
      Class<?> type = RuntimeReflection.load(name, loader);
      if (type != null) {
        try {
          getters.add(type.getMethod("getRemoteAddr"));
          types.add(type);
        } catch (NoSuchMethodException ignored) {
          // not the type we know
        }
      }
    }
    if (types.isEmpty()) {
      return null;
    }
    return request -> {
      for (int i = 0; i < types.size(); i++) {
        Object peer = requestScope.apply(types.get(i));
        Object address = peer == null ? null : RuntimeReflection.invoke(getters.get(i), peer);
        if (address instanceof String) {
          return (String) address;
        }
      }
      return null;
    };
  }
}
