package dev.authkit.samples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.samples.orders.PrintedRequests;
import dev.authkit.samples.orders.PrintedRequests.Printed;
import dev.authkit.samples.orders.SampleOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Development mode as a new user meets it: the sample starts with an embedded issuer, prints
 * ready-to-paste curl commands, and each printed command gets the status the banner promises.
 */
class DevModeTest {

  private static OrdersServletApp app;
  private static String banner;

  @BeforeAll
  static void start() throws Exception {
    app = OrdersServletApp.start(SampleOptions.devOnFreePort());
    banner = PrintedRequests.banner(OrdersServletApp.NAME, app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void bannerWhenDevModeThenSaysDevelopmentOnlyAndNamesTheRealBaseUri() {
    assertThat(banner).contains("DEVELOPMENT ONLY").contains("listening on " + app.baseUri())
        .contains("valid for 12 h");
    assertThat(app.baseUri().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void printedCurlCommandsWhenSentThen200For403For200For401() throws Exception {
    List<Printed> printed = PrintedRequests.parse(banner);
    List<Integer> statuses = new ArrayList<>();
    for (Printed request : printed) {
      HttpResponse<String> response = request.send();
      statuses.add(response.statusCode());
      assertThat(response.statusCode()).as(request.curl()).isEqualTo(request.expectedStatus());
    }

    assertThat(statuses).containsExactly(200, 403, 200, 401);
    assertThat(printed.get(0).send().body()).contains("\"tenant\":\"tenant-a\"").doesNotContain("tenant-b");
    assertThat(printed.get(1).send().headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"").contains("scope=\"orders:read\"");
  }

  @Test
  void healthWhenNoCredentialThen200() throws Exception {
    HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(app.baseUri().resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
  }
}
