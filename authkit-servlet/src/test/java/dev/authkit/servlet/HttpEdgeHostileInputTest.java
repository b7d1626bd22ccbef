package dev.authkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.testing.AdapterScenarios;
import dev.authkit.testing.Tokens;
import dev.authkit.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bytes at the HTTP edge (issue 10; CASES.md BR-23 through the adapters), in Jetty 12 and
 * Tomcat 10.1, over raw sockets: a 64 KiB header, thousands of headers, non-UTF-8 bytes and NUL in
 * the {@code Authorization} header, {@code Bearer} followed by a million dots. Each request ends
 * with a 4xx from authkit or the container within a generous bound, and the next good request on
 * the same server still succeeds. Run twice: with the containers' default header limits (the
 * container refuses the giants) and with the limit raised to 2 MiB (the giants reach authkit, which
 * refuses them as {@code TOO_LARGE} or {@code invalid_request} before decoding, and more than 256
 * header names as {@code invalid_request}).
 */
class HttpEdgeHostileInputTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  static Stream<Arguments> containers() {
    List<Arguments> all = new ArrayList<>();
    for (int limit : new int[] {0, 2 * 1024 * 1024}) {
      all.add(Arguments.of("Jetty", limit, (Supplier<EmbeddedContainer>) JettyContainer::new));
      all.add(Arguments.of("Tomcat", limit, (Supplier<EmbeddedContainer>) TomcatContainer::new));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, header limit {1}")
  @MethodSource("containers")
  void requestWhenHostileBytesThenBounded4xxAndNextGoodRequestSucceeds(String name, int headerLimit,
      Supplier<EmbeddedContainer> containers) throws Exception {
    String valid = Tokens.fixture();
    Map<String, Function<Integer, byte[]>> hostile = new LinkedHashMap<>();
    hostile.put("64 KiB Authorization", port -> request(port, "Authorization", "Bearer " + "a".repeat(64 * 1024)));
    List<Map.Entry<String, String>> many = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      many.add(Map.entry("X-Header-" + i, "v"));
    }
    many.add(Map.entry("Authorization", "Bearer " + valid + "#"));
    hostile.put("5,000 headers", port -> request(port, many));
    List<Map.Entry<String, String>> manyAuthorization = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      manyAuthorization.add(Map.entry("Authorization", "Bearer " + valid));
    }
    hostile.put("2,000 Authorization headers", port -> request(port, manyAuthorization));
    hostile.put("non-UTF-8 bytes", port -> withRawValue(port, "Bearer ".getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, (byte) 0x80, 'a', 'b'}));
    hostile.put("non-UTF-8 inside a token", port -> withRawValue(port,
        ("Bearer " + valid.substring(0, 40)).getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    hostile.put("NUL in the token",
        port -> request(port, "Authorization", "Bearer " + valid.substring(0, 30) + "\u0000" + valid.substring(30)));
    hostile.put("NUL after the scheme", port -> request(port, "Authorization", "Bearer\u0000" + valid));
    hostile.put("Bearer + 1,000,000 dots", port -> request(port, "Authorization", "Bearer " + ".".repeat(1_000_000)));

    try (EmbeddedContainer container = containers.get()) {
      if (headerLimit > 0) {
        container.maxRequestHeaderBytes(headerLimit);
      }
      int port = container.start(new AuthKitFilter(AdapterScenarios.fixture(true).authKit()), new EchoServlet());
      assertGood(port);
      List<String> outcomes = new ArrayList<>();
      for (Map.Entry<String, Function<Integer, byte[]>> input : hostile.entrySet()) {
        byte[] bytes = input.getValue().apply(port);
        long start = System.nanoTime();
        RawHttp.Response response = RawHttp.sendRaw(port, bytes);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        outcomes.add(input.getKey() + " -> " + response.status() + " in " + took.toMillis() + " ms"
            + (response.headers("WWW-Authenticate").isEmpty()
                ? " (container: " + response.body().replaceAll("\\s+", " ").substring(0, Math.min(120, response.body().length())) + ")"
                : " (authkit: " + response.headers("WWW-Authenticate").get(0) + ")"));
        assertThat(response.status()).as(input.getKey()).isBetween(400, 499);
        assertThat(took).as(input.getKey()).isLessThan(BOUND);
        if (!response.headers("WWW-Authenticate").isEmpty()) {
          // authkit's answer: a problem body with fixed text (a container's own error page is the container's)
          assertThat(response.headers("Content-Type")).singleElement().asString().startsWith("application/problem+json");
          assertThat(response.body()).as(input.getKey()).doesNotContain("Exception").doesNotContain("eyJ");
        }
        assertGood(port);
      }
      outcomes.forEach(o -> System.out.println(name + " (limit " + headerLimit + "): " + o));
      if (headerLimit > 0) {
        // Positive control for authkit's own cap of 256 header names: 200 headers and a valid token pass.
        List<Map.Entry<String, String>> some = new ArrayList<>(many.subList(0, 200));
        some.add(Map.entry("Authorization", "Bearer " + valid));
        assertThat(RawHttp.sendRaw(port, request(port, some)).status()).isEqualTo(200);
        List<Map.Entry<String, String>> tooMany = new ArrayList<>(many.subList(0, 300));
        tooMany.add(Map.entry("Authorization", "Bearer " + valid));
        RawHttp.Response refused = RawHttp.sendRaw(port, request(port, tooMany));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.headers("WWW-Authenticate").get(0)).contains("invalid_request");
      }
    }
  }

  private static void assertGood(int port) throws Exception {
    RawHttp.Response good = RawHttp.send(port, "GET", "/v1/orders",
        List.of(Map.entry("Authorization", "Bearer " + Tokens.fixture())));
    assertThat(good.status()).isEqualTo(200);
    assertThat(good.body()).startsWith("subject=user-0001;authType=Bearer");
  }

  private static byte[] request(int port, String name, String value) {
    return request(port, List.of(Map.entry(name, value)));
  }

  /** The request as {@link RawHttp} writes it; chars above U+007F are written as UTF-8, NUL as the byte 0. */
  private static byte[] request(int port, List<Map.Entry<String, String>> headers) {
    return RawHttp.request(port, "GET", "/v1/orders", headers).getBytes(StandardCharsets.UTF_8);
  }

  /** A request whose {@code Authorization} value is {@code prefix} followed by raw {@code bytes}. */
  private static byte[] withRawValue(int port, byte[] prefix, byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("GET /v1/orders HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\nAuthorization: ")
        .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(prefix);
    out.writeBytes(bytes);
    out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
