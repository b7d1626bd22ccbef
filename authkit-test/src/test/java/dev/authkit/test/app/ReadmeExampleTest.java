package dev.authkit.test.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Testing your app" example is {@link OrdersApiTest}, line for line, and under 20 lines. */
class ReadmeExampleTest {

  private static String example(String text) {
    int start = text.indexOf("@AuthKitTest\nclass OrdersApiTest {");
    assertThat(start).isNotNegative();
    return text.substring(start, text.indexOf("\n}\n", start) + 2);
  }

  @Test
  void readmeWhenShowingTheUserTestThenItIsTheCompiledOneAndShort() throws Exception {
    String readme = example(Files.readString(Path.of("..", "README.md")));
    String test = example(Files.readString(Path.of("src/test/java/dev/authkit/test/app/OrdersApiTest.java")));
    assertThat(readme).isEqualTo(test);
    assertThat(readme.lines().count()).isLessThan(20);
  }
}
