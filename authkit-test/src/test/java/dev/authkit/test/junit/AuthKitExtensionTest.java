package dev.authkit.test.junit;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.test.FakeIssuer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the JUnit platform (EngineTestKit) and checks what they saw: one
 * issuer per class, the same in constructor, lifecycle methods, tests and nested classes, for both
 * test-instance lifecycles, in parallel execution, and closed after the class. The nested classes are
 * static, so Surefire does not run them on their own.
 */
class AuthKitExtensionTest {

  /** Issuers seen by each test class, keyed by the class's simple name. */
  static final Map<String, Queue<FakeIssuer>> SEEN = new ConcurrentHashMap<>();

  static void saw(Class<?> testClass, FakeIssuer issuer) {
    SEEN.computeIfAbsent(testClass.getSimpleName(), name -> new ConcurrentLinkedQueue<>()).add(issuer);
  }

  static void verifies(FakeIssuer issuer) {
    assertThat(issuer.authenticator().authenticate(issuer.token().sign())).hasIssuer(issuer.issuer());
  }

  @AuthKitTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassLifecycle {
    private final FakeIssuer fromConstructor;

    PerClassLifecycle(FakeIssuer issuer) {
      this.fromConstructor = issuer;
    }

    @BeforeAll
    void beforeAll(FakeIssuer issuer) {
      assertThat(issuer).isSameAs(fromConstructor);
    }

    @Test
    void first(FakeIssuer issuer) {
      assertThat(issuer).isSameAs(fromConstructor);
      saw(PerClassLifecycle.class, issuer);
      verifies(issuer);
    }

    @Test
    void second(FakeIssuer issuer) {
      saw(PerClassLifecycle.class, issuer);
      verifies(issuer);
    }

    @Nested
    class Inner {
      @Test
      void nested(FakeIssuer issuer) {
        assertThat(issuer).isSameAs(fromConstructor);
        saw(PerClassLifecycle.class, issuer);
      }
    }
  }

  @AuthKitTest(path = "/realms/test", algorithms = "ES256", audience = "orders")
  static class PerMethodLifecycle {
    private final FakeIssuer fromConstructor;

    PerMethodLifecycle(FakeIssuer issuer) {
      this.fromConstructor = issuer;
    }

    @BeforeAll
    static void beforeAll(FakeIssuer issuer) {
      saw(PerMethodLifecycle.class, issuer);
    }

    @BeforeEach
    void beforeEach(FakeIssuer issuer) {
      assertThat(issuer).isSameAs(fromConstructor);
    }

    @Test
    void first(FakeIssuer issuer) {
      saw(PerMethodLifecycle.class, issuer);
      assertThat(issuer.issuer()).endsWith("/realms/test");
      assertThat(issuer.algorithms()).containsExactly(JWSAlgorithm.ES256);
      assertThat(issuer.authenticator().authenticate(issuer.token().sign())).hasAudience("orders");
    }

    @Test
    void second(FakeIssuer issuer) {
      saw(PerMethodLifecycle.class, issuer);
      verifies(issuer);
    }
  }

  @AuthKitTest
  @Execution(ExecutionMode.CONCURRENT)
  static class ConcurrentMethods {
    static final CyclicBarrier ALL_FOUR_AT_ONCE = new CyclicBarrier(4);

    private void run(FakeIssuer issuer) throws Exception {
      ALL_FOUR_AT_ONCE.await(20, TimeUnit.SECONDS);   // passes only if the four run at the same time
      saw(ConcurrentMethods.class, issuer);
      verifies(issuer);
    }

    @Test
    void a(FakeIssuer issuer) throws Exception {
      run(issuer);
    }

    @Test
    void b(FakeIssuer issuer) throws Exception {
      run(issuer);
    }

    @Test
    void c(FakeIssuer issuer) throws Exception {
      run(issuer);
    }

    @Test
    void d(FakeIssuer issuer) throws Exception {
      run(issuer);
    }
  }

  static class RegisteredWithBuilder {
    @RegisterExtension
    static final AuthKitExtension AUTHKIT = AuthKitExtension.builder().https().path("/tls")
        .algorithms(JWSAlgorithm.EdDSA).audience("payments").build();

    @Test
    void https(FakeIssuer issuer) {
      saw(RegisteredWithBuilder.class, issuer);
      assertThat(issuer.isHttps()).isTrue();
      assertThat(issuer.issuer()).startsWith("https://").endsWith("/tls");
      assertThat(issuer.authenticator().authenticate(issuer.token().sign())).hasAudience("payments");
    }

    @Test
    void sameIssuer(FakeIssuer issuer) {
      saw(RegisteredWithBuilder.class, issuer);
    }
  }

  static class WithoutExtension {
    @Test
    void cannotInject(FakeIssuer issuer) {
      saw(WithoutExtension.class, issuer);
    }
  }

  private static Events run(boolean parallel, Class<?>... classes) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter");
    for (Class<?> type : classes) {
      kit.selectors(selectClass(type));
    }
    if (parallel) {
      kit.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
          .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
          .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
          .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6");
    }
    return kit.execute().testEvents();
  }

  private static FakeIssuer onlyIssuerSeenBy(Class<?> testClass, int times) {
    List<FakeIssuer> seen = List.copyOf(SEEN.remove(testClass.getSimpleName()));
    assertThat(seen).hasSize(times);
    assertThat(seen.stream().distinct()).hasSize(1);
    FakeIssuer issuer = seen.get(0);
    assertThatThrownBy(issuer::authenticator).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    return issuer;
  }

  @Test
  void extensionWhenPerClassLifecycleThenOneIssuerForConstructorLifecycleTestsAndNestedAndClosedAfter() {
    run(false, PerClassLifecycle.class).assertStatistics(stats -> stats.started(3).succeeded(3));
    onlyIssuerSeenBy(PerClassLifecycle.class, 3);
  }

  @Test
  void extensionWhenPerMethodLifecycleThenOneIssuerPerClassWithAnnotationOptions() {
    run(false, PerMethodLifecycle.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    onlyIssuerSeenBy(PerMethodLifecycle.class, 3);
  }

  @Test
  void extensionWhenRegisteredWithBuilderThenHttpsIssuerWithItsOptions() {
    run(false, RegisteredWithBuilder.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    onlyIssuerSeenBy(RegisteredWithBuilder.class, 2);
  }

  @Test
  void extensionWhenClassesAndMethodsRunInParallelThenEachClassHasItsOwnIssuer() {
    ConcurrentMethods.ALL_FOUR_AT_ONCE.reset();
    run(true, ConcurrentMethods.class, PerClassLifecycle.class, PerMethodLifecycle.class)
        .assertStatistics(stats -> stats.started(9).succeeded(9));
    FakeIssuer concurrent = onlyIssuerSeenBy(ConcurrentMethods.class, 4);
    FakeIssuer perClass = onlyIssuerSeenBy(PerClassLifecycle.class, 3);
    FakeIssuer perMethod = onlyIssuerSeenBy(PerMethodLifecycle.class, 3);
    assertThat(List.of(concurrent, perClass, perMethod)).doesNotHaveDuplicates();
  }

  @Test
  void extensionWhenNotRegisteredThenFakeIssuerParameterIsNotResolved() {
    run(false, WithoutExtension.class).assertStatistics(stats -> stats.started(1).failed(1));
    assertThat(SEEN).doesNotContainKey("WithoutExtension");
  }
}
