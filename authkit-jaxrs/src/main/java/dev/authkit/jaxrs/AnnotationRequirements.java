package dev.authkit.jaxrs;

import dev.authkit.access.Requirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a resource method's security annotations into a core {@link Requirement}. Stateless;
 * package-private.
 *
 * <p>Where annotations are found (Jakarta REST 3.1 §3.6 and Jakarta Annotations 2.1 §3):
 * <ul>
 *   <li>method level: the implementing method's own annotations; when it has none, those of the
 *       method it overrides or implements (superclasses first, then interfaces, nearest first);
 *   <li>class level: the resource class's, and those of every class or interface that declares the
 *       method (a superclass's class-level annotation covers the methods it declares); all must hold.
 * </ul>
 *
 * <p>How they combine: a method-level {@code @DenyAll} or {@code @PermitAll} decides alone (Jakarta
 * Annotations: the method's own declaration wins). Otherwise the kinds are {@code @RolesAllowed},
 * {@link RequiresScope} and {@link RequiresAnyScope}: a kind declared on the method replaces the same
 * kind at class level, and different kinds all hold ({@link Requirement#and}), so a method's
 * {@code @RequiresScope} does not silently lift its class's {@code @RolesAllowed}. A class-level
 * {@code @PermitAll} or {@code @DenyAll} applies only to methods without annotations of their own.
 * On one element every annotation must hold ({@code @DenyAll} wins, {@code @PermitAll} adds nothing).
 * {@code @RolesAllowed("**")} means any authenticated caller (Jakarta Security); {@code "*"} is an
 * ordinary role name. An annotation that cannot become a requirement (an empty
 * {@code @RolesAllowed}, a blank scope) denies every caller.
 */
final class AnnotationRequirements {

  private static final Logger LOG = LoggerFactory.getLogger(AnnotationRequirements.class);

  /** Any authenticated caller, in {@code @RolesAllowed} (Jakarta Security 3.0, Servlet §13.8). */
  static final String ANY_AUTHENTICATED_ROLE = "**";

  private AnnotationRequirements() {}

  /**
   * Returns the requirement the annotations declare, or empty when none of the places above carries
   * any (the caller then falls back to the access rules: authenticated by default).
   */
  static Optional<Requirement> of(Method method, Class<?> resourceClass) {
    List<Method> chain = overrideChain(resourceClass, method);
    @Nullable Declared onMethod = null;
    for (Method candidate : chain) {
      Declared declared = Declared.on(candidate, candidate.getDeclaringClass().getName() + "." + candidate.getName());
      if (!declared.isEmpty()) {
        onMethod = declared;
        break;
      }
    }
    Set<Class<?>> classes = new LinkedHashSet<>();
    classes.add(resourceClass);
    for (Method candidate : chain) {
      classes.add(candidate.getDeclaringClass());
    }
    List<Declared> onClasses = new ArrayList<>();
    for (Class<?> type : classes) {
      Declared declared = Declared.on(type, type.getName());
      if (!declared.isEmpty()) {
        onClasses.add(declared);
      }
    }
    if (onMethod != null && (onMethod.deny || onMethod.permit)) {
      return Optional.of(onMethod.requirement(true));
    }
    @Nullable Requirement requirement = onMethod == null ? null : onMethod.requirement(true);
    for (Declared onClass : onClasses) {
      Declared rest = onMethod == null ? onClass : onClass.without(onMethod);
      if (!rest.isEmpty()) {
        requirement = combine(requirement, rest.requirement(onMethod == null));
      }
    }
    return Optional.ofNullable(requirement);
  }

  /**
   * The method as the resource class has it, then every method it overrides or implements:
   * superclasses nearest first, then interfaces breadth-first (Jakarta REST §3.6 gives superclass
   * annotations precedence over interface ones). The runtime's method itself is included.
   */
  static List<Method> overrideChain(Class<?> resourceClass, Method method) {
    Set<Method> chain = new LinkedHashSet<>();
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> type = resourceClass; type != null && type != Object.class; type = type.getSuperclass()) {
      classes.add(type);
    }
    for (Class<?> type : classes) {
      declared(type, method).ifPresent(chain::add);
    }
    Deque<Class<?>> interfaces = new ArrayDeque<>();
    for (Class<?> type : classes) {
      interfaces.addAll(Arrays.asList(type.getInterfaces()));
    }
    Set<Class<?>> seen = new LinkedHashSet<>();
    while (!interfaces.isEmpty()) {
      Class<?> type = interfaces.removeFirst();
      if (seen.add(type)) {
        declared(type, method).ifPresent(chain::add);
        interfaces.addAll(Arrays.asList(type.getInterfaces()));
      }
    }
    if (!method.isBridge()) {
      chain.add(method);
    }
    return List.copyOf(chain);
  }

  private static Optional<Method> declared(Class<?> type, Method method) {
    try {
      Method found = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return found.isBridge() || found.isSynthetic() || Modifier.isStatic(found.getModifiers())
          ? Optional.empty() : Optional.of(found);
    } catch (NoSuchMethodException | SecurityException absent) {
      return Optional.empty();
    }
  }

  /**
   * Returns the method of the chain whose Jakarta REST annotations apply (§3.6: the first that has
   * any, else none), or empty.
   */
  static Optional<Method> jaxrsAnnotated(List<Method> chain) {
    for (Method candidate : chain) {
      for (Annotation annotation : candidate.getAnnotations()) {
        if (annotation.annotationType().getName().startsWith("jakarta.ws.rs.")
            || annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** True when the method (as {@link #jaxrsAnnotated}) has {@code @Path} and no request method designator. */
  static boolean isLocator(Method jaxrs) {
    if (!jaxrs.isAnnotationPresent(Path.class)) {
      return false;
    }
    for (Annotation annotation : jaxrs.getAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return false;
      }
    }
    return true;
  }

  private static Requirement combine(@Nullable Requirement current, Requirement next) {
    return current == null ? next : current.and(next);
  }

  /** The security annotations on one element. */
  private static final class Declared {
    final boolean deny;
    final boolean permit;
    final @Nullable RolesAllowed roles;
    final @Nullable RequiresScope allScopes;
    final @Nullable RequiresAnyScope anyScope;
    final String where;

    private Declared(boolean deny, boolean permit, @Nullable RolesAllowed roles, @Nullable RequiresScope allScopes,
        @Nullable RequiresAnyScope anyScope, String where) {
      this.deny = deny;
      this.permit = permit;
      this.roles = roles;
      this.allScopes = allScopes;
      this.anyScope = anyScope;
      this.where = where;
    }

    static Declared on(AnnotatedElement element, String where) {
      return new Declared(element.isAnnotationPresent(DenyAll.class), element.isAnnotationPresent(PermitAll.class),
          element.getAnnotation(RolesAllowed.class), element.getAnnotation(RequiresScope.class),
          element.getAnnotation(RequiresAnyScope.class), where);
    }

    boolean isEmpty() {
      return !deny && !permit && roles == null && allScopes == null && anyScope == null;
    }

    /** This class-level declaration without the kinds the method declares, and without permit/deny. */
    Declared without(Declared method) {
      return new Declared(false, false, method.roles == null ? roles : null, method.allScopes == null ? allScopes : null,
          method.anyScope == null ? anyScope : null, where);
    }

    /** All annotations here must hold; {@code withPermitDeny} false drops a class's permit/deny. */
    Requirement requirement(boolean withPermitDeny) {
      @Nullable Requirement requirement = null;
      if (withPermitDeny && deny) {
        requirement = Requirement.denyAll();
      }
      if (withPermitDeny && permit) {
        requirement = combine(requirement, Requirement.permitAll());
      }
      RolesAllowed rolesAllowed = roles;
      if (rolesAllowed != null) {
        requirement = combine(requirement, Arrays.asList(rolesAllowed.value()).contains(ANY_AUTHENTICATED_ROLE)
            ? Requirement.authenticated() : build(() -> Requirement.anyRole(rolesAllowed.value()), "@RolesAllowed"));
      }
      RequiresScope scopes = allScopes;
      if (scopes != null) {
        requirement = combine(requirement, build(() -> Requirement.allScopes(scopes.value()), "@RequiresScope"));
      }
      RequiresAnyScope any = anyScope;
      if (any != null) {
        requirement = combine(requirement, build(() -> Requirement.anyScope(any.value()), "@RequiresAnyScope"));
      }
      return requirement == null ? Requirement.authenticated() : requirement;
    }

    private Requirement build(Supplier<Requirement> factory, String annotation) {
      try {
        return factory.get();
      } catch (IllegalArgumentException e) {
        // An empty @RolesAllowed({}) means "no role may call" in JSR 250; a blank scope is a typo: both fail closed.
        LOG.error("{} on {} names no usable value ({}); every caller is refused", annotation, where, e.getMessage());
        return Requirement.denyAll();
      }
    }
  }
}
