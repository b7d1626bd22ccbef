package dev.authkit.jaxrs;

import dev.authkit.access.Requirement;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requirements of the sub-resource locators a request went through (Jakarta REST §3.4.1): a
 * sub-resource method must satisfy its own requirement and every locator's on the way
 * ({@link Requirement#and}), so a {@code @DenyAll} or {@code @RolesAllowed} locator guards what it
 * returns.
 *
 * <p>Jakarta REST names the matched resource instances ({@code UriInfo.getMatchedResources()}) but not
 * the locator methods that produced them. For each step, from a parent instance to the sub-resource it
 * returned, the candidates are the parent's locators whose return type can hold the sub-resource's
 * class; a candidate whose {@code @Path} is literal (no template) is dropped when the request path does
 * not contain its segments. One candidate left: its requirement. Several: all of theirs must hold
 * (fail closed; give each sub-resource type its own locator, or distinct literal paths, to avoid it).
 * None: nobody may call ({@code @DenyAll}), with an ERROR log.
 *
 * <p>Thread-safe; caches the candidates per (parent class, sub-resource class) pair, a set bounded by
 * the application's classes.
 */
final class LocatorRequirements {

  private static final Logger LOG = LoggerFactory.getLogger(LocatorRequirements.class);

  private final Map<List<Class<?>>, List<Candidate>> candidates = new ConcurrentHashMap<>();

  /** One locator: its literal path segments (null for a template), and what its annotations demand. */
  private record Candidate(String name, @Nullable List<String> literalSegments, Optional<Requirement> requirement) {}

  /**
   * Returns what the locators on the way demand, or empty when no locator was used or none declares anything.
   *
   * @param matchedResources {@code UriInfo.getMatchedResources()}: the current resource first, the root last
   * @param path the request path relative to the application, decoded, starting with {@code /}
   */
  Optional<Requirement> requirementFor(List<Object> matchedResources, String path) {
    @Nullable Requirement requirement = null;
    List<String> pathSegments = segments(path);
    for (int i = matchedResources.size() - 1; i >= 1; i--) {
      Class<?> parent = matchedResources.get(i).getClass();
      Class<?> child = matchedResources.get(i - 1).getClass();
      List<Candidate> possible = new ArrayList<>();
      for (Candidate candidate : candidates.computeIfAbsent(List.of(parent, child), key -> scan(parent, child))) {
        if (candidate.literalSegments() == null || containsRun(pathSegments, candidate.literalSegments())) {
          possible.add(candidate);
        }
      }
      Optional<Requirement> step;
      if (possible.isEmpty()) {
        LOG.error("authkit cannot tell which locator of {} returned {}: the request is refused", parent.getName(),
            child.getName());
        step = Optional.of(Requirement.denyAll());
      } else if (possible.size() == 1) {
        step = possible.get(0).requirement();
      } else {
        Requirement all = Requirement.permitAll();
        for (Candidate candidate : possible) {
          all = all.and(candidate.requirement().orElse(Requirement.authenticated()));
        }
        step = Optional.of(all);
      }
      if (step.isPresent()) {
        requirement = requirement == null ? step.get() : requirement.and(step.get());
      }
    }
    return Optional.ofNullable(requirement);
  }

  private static List<Candidate> scan(Class<?> parent, Class<?> child) {
    List<Candidate> found = new ArrayList<>();
    for (Method method : parent.getMethods()) {
      if (method.getDeclaringClass() == Object.class || method.isBridge() || method.isSynthetic()) {
        continue;
      }
      Class<?> returned = method.getReturnType();
      if (!returned.isAssignableFrom(child) && returned != Class.class) {
        continue;
      }
      List<Method> chain = AnnotationRequirements.overrideChain(parent, method);
      Optional<Method> jaxrs = AnnotationRequirements.jaxrsAnnotated(chain);
      if (jaxrs.isEmpty() || !AnnotationRequirements.isLocator(jaxrs.get())) {
        continue;
      }
      String template = jaxrs.get().getAnnotation(Path.class).value();
      List<String> literal = template.indexOf('{') >= 0 || template.indexOf('%') >= 0 || template.indexOf(';') >= 0
          ? null : segments(template);
      found.add(new Candidate(parent.getName() + "." + method.getName(), literal,
          AnnotationRequirements.of(method, parent)));
    }
    return List.copyOf(found);
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        out.add(segment);
      }
    }
    return out;
  }

  private static boolean containsRun(List<String> path, List<String> run) {
    if (run.isEmpty()) {
      return true;
    }
    for (int start = 0; start + run.size() <= path.size(); start++) {
      if (path.subList(start, start + run.size()).equals(run)) {
        return true;
      }
    }
    return false;
  }
}
