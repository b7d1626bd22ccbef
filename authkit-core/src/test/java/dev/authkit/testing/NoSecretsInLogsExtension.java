package dev.authkit.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * CASES.md BR-28 for a whole test suite: registered for every test class of a module (JUnit
 * extension auto-detection, {@code junit-platform.properties}), it fails the test, or the class for
 * lines logged outside a test method, during which an authkit logger emitted a credential
 * ({@link CapturedLogs}, {@link SecretScanner}). Stateless.
 */
public final class NoSecretsInLogsExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!CapturedLogs.installed()) {
      throw new AssertionError("CapturedLogs is not attached to the dev.authkit logger at TRACE: check logback-test.xml");
    }
    check("before " + context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context.getDisplayName() + " (class level)");
  }

  private static void check(String where) {
    List<CapturedLogs.Line> violations = CapturedLogs.takeViolations();
    if (!violations.isEmpty()) {
      throw new AssertionError("authkit logged credentials during " + where + " (BR-28):\n  "
          + violations.stream().map(CapturedLogs.Line::toString).collect(Collectors.joining("\n  ")));
    }
  }
}
