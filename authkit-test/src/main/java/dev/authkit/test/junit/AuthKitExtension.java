package dev.authkit.test.junit;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.test.FakeIssuer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link AuthKitTest}: one {@link FakeIssuer} per test class, started on first
 * use, kept in the class's {@link ExtensionContext.Store} and closed with it, injected into every
 * parameter of type {@code FakeIssuer}. {@code @Nested} classes share their outer class's issuer,
 * unless they carry their own {@code @AuthKitTest}, which starts their own issuer with its settings.
 *
 * <p>Two forms:
 *
 * <pre>{@code
 * @AuthKitTest(path = "/realms/test", algorithms = "ES256")
 * class WithAnnotation { ... }
 *
 * class WithBuilder {
 *   @RegisterExtension
 *   static final AuthKitExtension AUTHKIT = AuthKitExtension.builder()
 *       .path("/realms/test").algorithms(JWSAlgorithm.ES256).https().audience("orders").build();
 *
 *   @Test
 *   void test(FakeIssuer issuer) { ... }
 * }
 * }</pre>
 *
 * <p>Use one form per test class: with both, two resolvers compete for the {@code FakeIssuer}
 * parameter and JUnit refuses to run the test.
 *
 * <p>Stateless apart from its immutable configuration, so it is safe with per-class and per-method
 * test instances and with parallel execution (the store computes the issuer once per class).
 */
public final class AuthKitExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AuthKitExtension.class);

  private final @Nullable Settings settings;

  /** Used by {@link AuthKitTest}: reads the configuration from the annotation on the test class. */
  public AuthKitExtension() {
    this.settings = null;
  }

  private AuthKitExtension(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts a configuration for {@code @RegisterExtension}.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the issuer of the class that {@code context} belongs to, starting it if needed; for other
   * extensions and for code that has a context but no parameter to inject.
   *
   * @param context any context below a class that uses this extension
   * @return the running issuer
   */
  public FakeIssuer issuer(ExtensionContext context) {
    ExtensionContext classContext = classContext(requireNonNull(context, "context"));
    // The issuer is stored under the class that carries the annotation: a @Nested class without its
    // own @AuthKitTest finds its outer class's issuer through the store's parent lookup, one with its
    // own annotation gets its own issuer with its own settings.
    Class<?> owner = settings != null ? FakeIssuer.class : annotationOwner(classContext);
    Settings resolved = settings != null ? settings : Settings.from(annotation(classContext));
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(owner, type -> new StoredIssuer(resolved.start()), StoredIssuer.class)
        .issuer();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == FakeIssuer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    try {
      return issuer(extensionContext);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot start the FakeIssuer: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AuthKitExtension[" + (settings != null ? settings : "from @AuthKitTest") + "]";
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static Class<?> annotationOwner(ExtensionContext classContext) {
    for (Class<?> type = classContext.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
      if (AnnotationSupport.isAnnotated(type, AuthKitTest.class)) {
        return type;
      }
    }
    return FakeIssuer.class;
  }

  private static @Nullable AuthKitTest annotation(ExtensionContext classContext) {
    for (Class<?> type = classContext.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
      Optional<AuthKitTest> found = AnnotationSupport.findAnnotation(type, AuthKitTest.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return null;
  }

  /** The issuer in the store; JUnit closes it with the class context (AutoCloseable since JUnit 5.13, CloseableResource before). */
  @SuppressWarnings("deprecation")
  private static final class StoredIssuer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final FakeIssuer issuer;

    StoredIssuer(FakeIssuer issuer) {
      this.issuer = issuer;
    }

    FakeIssuer issuer() {
      return issuer;
    }

    @Override
    public void close() {
      issuer.close();
    }
  }

  /** The issuer options of one extension. */
  private record Settings(String path, boolean https, List<JWSAlgorithm> algorithms, @Nullable String audience) {
    static Settings from(@Nullable AuthKitTest annotation) {
      if (annotation == null) {
        return new Settings("", false, List.of(), null);
      }
      List<JWSAlgorithm> algorithms = Arrays.stream(annotation.algorithms()).map(JWSAlgorithm::parse).toList();
      return new Settings(annotation.path(), annotation.https(), algorithms, annotation.audience());
    }

    FakeIssuer start() {
      FakeIssuer.Builder builder = FakeIssuer.builder();
      if (!path.isEmpty()) {
        builder.path(path);
      }
      if (https) {
        builder.https();
      }
      if (!algorithms.isEmpty()) {
        builder.algorithms(algorithms.toArray(new JWSAlgorithm[0]));
      }
      if (audience != null) {
        builder.audience(audience);
      }
      return builder.start();
    }
  }

  /** Configures an {@link AuthKitExtension} for {@code @RegisterExtension}. Each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable String path;
    private boolean https;
    private @Nullable List<JWSAlgorithm> algorithms;
    private @Nullable String audience;

    private Builder() {}

    /**
     * Sets the issuer's path; see {@link FakeIssuer.Builder#path}.
     *
     * @param value e.g. {@code /realms/test}
     * @return this builder
     */
    public Builder path(String value) {
      checkUnset(path, "path");
      this.path = requireNonNull(value, "value");
      return this;
    }

    /**
     * Serves HTTPS; see {@link FakeIssuer.Builder#https()}.
     *
     * @return this builder
     */
    public Builder https() {
      checkUnset(https ? Boolean.TRUE : null, "https");
      this.https = true;
      return this;
    }

    /**
     * Sets the algorithms; see {@link FakeIssuer.Builder#algorithms}.
     *
     * @param values one or more
     * @return this builder
     */
    public Builder algorithms(JWSAlgorithm... values) {
      checkUnset(algorithms, "algorithms");
      this.algorithms = List.of(values);
      return this;
    }

    /**
     * Sets the audience; see {@link FakeIssuer.Builder#audience}.
     *
     * @param value not blank
     * @return this builder
     */
    public Builder audience(String value) {
      checkUnset(audience, "audience");
      this.audience = requireNonNull(value, "value");
      return this;
    }

    /**
     * Builds the extension. The options are checked when the issuer starts (first injection).
     *
     * @return the extension
     */
    public AuthKitExtension build() {
      return new AuthKitExtension(new Settings(path == null ? "" : path, https,
          algorithms == null ? List.of() : algorithms, audience));
    }

    private static void checkUnset(@Nullable Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }
}
