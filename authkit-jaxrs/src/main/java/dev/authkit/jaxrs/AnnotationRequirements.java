package dev.authkit.jaxrs;

import dev.authkit.access.Requirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a resource method's security annotations into a core {@link Requirement}. Stateless;
 * package-private.
 *
 * <p>The method's annotations, when it has any, replace the class's as a whole (JSR 250 "method
 * wins"); on one element every annotation must hold ({@link Requirement#and}): {@code @DenyAll} wins
 * over everything, {@code @PermitAll} adds nothing to another annotation. An annotation that cannot
 * become a requirement (an empty {@code @RolesAllowed}, a blank scope) denies every caller.
 */
final class AnnotationRequirements {

  private static final Logger LOG = LoggerFactory.getLogger(AnnotationRequirements.class);

  private AnnotationRequirements() {}

  /**
   * Returns the requirement the annotations declare, or empty when neither the method nor its
   * class carries any (the caller then falls back to the access rules: authenticated by default).
   */
  static Optional<Requirement> of(Method method, Class<?> resourceClass) {
    Optional<Requirement> onMethod = declaredOn(method, method.getDeclaringClass().getName() + "." + method.getName());
    return onMethod.isPresent() ? onMethod : declaredOn(resourceClass, resourceClass.getName());
  }

  private static Optional<Requirement> declaredOn(AnnotatedElement element, String where) {
    @Nullable Requirement requirement = null;
    if (element.isAnnotationPresent(DenyAll.class)) {
      requirement = Requirement.denyAll();
    }
    if (element.isAnnotationPresent(PermitAll.class)) {
      requirement = combine(requirement, Requirement.permitAll());
    }
    RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
    if (roles != null) {
      requirement = combine(requirement, build(() -> Requirement.anyRole(roles.value()), "@RolesAllowed", where));
    }
    RequiresScope scopes = element.getAnnotation(RequiresScope.class);
    if (scopes != null) {
      requirement = combine(requirement, build(() -> Requirement.allScopes(scopes.value()), "@RequiresScope", where));
    }
    RequiresAnyScope anyScope = element.getAnnotation(RequiresAnyScope.class);
    if (anyScope != null) {
      requirement = combine(requirement, build(() -> Requirement.anyScope(anyScope.value()), "@RequiresAnyScope", where));
    }
    return Optional.ofNullable(requirement);
  }

  private static Requirement combine(@Nullable Requirement current, Requirement next) {
    return current == null ? next : current.and(next);
  }

  private static Requirement build(java.util.function.Supplier<Requirement> factory, String annotation, String where) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      // An empty @RolesAllowed({}) means "no role may call" in JSR 250; a blank scope is a typo: both fail closed.
      LOG.error("{} on {} names no usable value ({}); every caller is refused", annotation, where, e.getMessage());
      return Requirement.denyAll();
    }
  }
}
