package dev.authkit.samples.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.samples.orders.PrintedRequests;
import dev.authkit.samples.orders.PrintedRequests.Printed;
import dev.authkit.samples.orders.SampleOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JAX-RS sample on Jersey 4 in development mode: the printed curl commands get the statuses the
 * banner promises, and the annotations (@RequiresScope, @RolesAllowed, @PermitAll) hold.
 */
class DevModeTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();  // as curl; no h2c upgrade
  private static OrdersJaxrsApp app;
  private static String banner;

  @BeforeAll
  static void start() throws Exception {
    app = OrdersJaxrsApp.start(SampleOptions.devOnFreePort());
    banner = PrintedRequests.banner(OrdersJaxrsApp.NAME, app);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void printedCurlCommandsWhenSentThen200For403For200For401() throws Exception {
    assertThat(banner).contains("DEVELOPMENT ONLY").contains("listening on " + app.baseUri());
    List<Integer> statuses = new ArrayList<>();
    for (Printed request : PrintedRequests.parse(banner)) {
      HttpResponse<String> response = request.send();
      statuses.add(response.statusCode());
      assertThat(response.statusCode()).as(request.curl()).isEqualTo(request.expectedStatus());
    }

    assertThat(statuses).containsExactly(200, 403, 200, 401);
  }

  @Test
  void annotationsWhenDevTokensThenScopeRoleAndPermitAllHold() throws Exception {
    String alice = app.security().devToken();
    List<Printed> printed = PrintedRequests.parse(banner);
    String bob = printed.get(1).curl().replaceAll(".*Bearer ([^']+)'.*", "$1");

    assertThat(call("GET", "/health", "", "").statusCode()).isEqualTo(200);
    assertThat(call("POST", "/v1/orders", alice, "{\"item\":\"cups\",\"quantity\":4}").statusCode()).isEqualTo(201);
    assertThat(call("GET", "/v1/orders", alice, "").body()).contains("cups").doesNotContain("tenant-b");
    assertThat(call("POST", "/v1/orders", bob, "{\"item\":\"cups\",\"quantity\":4}").headers()
        .firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"orders:write\"");
    assertThat(call("GET", "/v1/admin/stats", alice, "").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/v1/admin/stats", bob, "").statusCode()).isEqualTo(403);
    assertThat(call("GET", "/v1/admin/stats", "", "").statusCode()).isEqualTo(401);
  }
}
