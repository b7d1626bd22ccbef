package dev.authkit.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request arrived over a TLS connection, from the connection itself: never from
 * the request URI or the runtime's {@code SecurityContext}, which a client can set with an
 * absolute-form request line ({@code GET https://host/path HTTP/1.1}: Undertow then reports the
 * request as secure). Through each runtime's public API, loaded reflectively:
 *
 * <ul>
 *   <li>RESTEasy on Undertow: the exchange of the current servlet request
 *       ({@code HttpServletRequestImpl.getExchange()}), then
 *       {@code getConnection().getSslSessionInfo() != null}; RESTEasy on another servlet container:
 *       the container's {@code HttpServletRequest.isSecure()};
 *   <li>Jersey: the request-scoped Grizzly {@code Request.isSecure()} (set from the connection's TLS
 *       filter), or the servlet container's {@code HttpServletRequest.isSecure()}.
 * </ul>
 *
 * Anything unknown is plain HTTP (fail closed: credentials are then refused unless a trusted proxy
 * reports HTTPS), with a WARN at start-up. Stateless after construction; package-private.
 */
final class SecureConnections {

  private static final Logger LOG = LoggerFactory.getLogger(SecureConnections.class);

  private SecureConnections() {}

  /** Returns the default decision for the runtime that is configuring {@code context}. */
  static Predicate<ContainerRequestContext> forRuntime(FeatureContext context) {
    ClassLoader loader = context.getClass().getClassLoader();
    @Nullable Predicate<ContainerRequestContext> resteasy = resteasy(loader);
    if (resteasy != null) {
      return resteasy;
    }
    @Nullable Predicate<ContainerRequestContext> jersey = jersey(context, loader);
    if (jersey != null) {
      return jersey;
    }
    LOG.warn("authkit cannot see the connection's TLS state on this JAX-RS runtime ({}): every request counts "
        + "as plain HTTP; configure AuthKitFeature.Builder.secureConnection(..)", context.getClass().getName());
    return request -> false;
  }

  private static @Nullable Predicate<ContainerRequestContext> resteasy(ClassLoader loader) {
    Method contextData;
    Class<?> servletRequest;
    try {
      contextData = Class.forName("org.jboss.resteasy.core.ResteasyContext", false, loader)
          .getMethod("getContextData", Class.class);
      servletRequest = Class.forName("jakarta.servlet.http.HttpServletRequest", false, loader);
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError notResteasyOnServlet) {
      return null;
    }
    return request -> {
      Object current = invoke(contextData, null, servletRequest);
      return current != null && servletSecure(current);
    };
  }

  private static @Nullable Predicate<ContainerRequestContext> jersey(FeatureContext context, ClassLoader loader) {
    Function<Class<?>, @Nullable Object> requestScope = RuntimeReflection.jerseyRequestScope(context, loader);
    if (requestScope == null) {
      return null;
    }
    @Nullable Class<?> grizzly = load("org.glassfish.grizzly.http.server.Request", loader);
    @Nullable Class<?> servlet = load("jakarta.servlet.http.HttpServletRequest", loader);
    if (grizzly == null && servlet == null) {
      return null;
    }
    return request -> {
      if (grizzly != null) {
        Object peer = requestScope.apply(grizzly);
        if (peer != null) {
          return Boolean.TRUE.equals(invoke(method(peer.getClass(), "isSecure"), peer));
        }
      }
      if (servlet != null) {
        Object peer = requestScope.apply(servlet);
        if (peer != null) {
          return servletSecure(peer);
        }
      }
      return false;
    };
  }

  /** Undertow: the connection's TLS session (unwrapping servlet request wrappers); else the container's isSecure(). */
  private static boolean servletSecure(Object servletRequest) {
    Object current = servletRequest;
    for (int depth = 0; depth < 16; depth++) {
      Method exchange = method(current.getClass(), "getExchange");
      if (exchange != null) {
        Object httpExchange = invoke(exchange, current);
        Object connection = httpExchange == null ? null : invoke(method(httpExchange.getClass(), "getConnection"), httpExchange);
        return connection != null && invoke(method(connection.getClass(), "getSslSessionInfo"), connection) != null;
      }
      Method wrapped = isWrapper(current.getClass()) ? method(current.getClass(), "getRequest") : null;
      Object inner = wrapped == null ? null : invoke(wrapped, current);
      if (inner == null) {
        break;
      }
      current = inner;
    }
    return Boolean.TRUE.equals(invoke(method(current.getClass(), "isSecure"), current));
  }

  private static boolean isWrapper(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals("jakarta.servlet.ServletRequestWrapper")) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Method method(Class<?> type, String name) {
    return RuntimeReflection.publicMethod(type, name);
  }

  private static @Nullable Class<?> load(String name, ClassLoader loader) {
    return RuntimeReflection.load(name, loader);
  }

  private static @Nullable Object invoke(@Nullable Method method, @Nullable Object target, Object... arguments) {
    return RuntimeReflection.invoke(method, target, arguments);
  }
}
