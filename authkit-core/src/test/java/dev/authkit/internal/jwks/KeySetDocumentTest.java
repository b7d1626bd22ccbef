package dev.authkit.internal.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.AuthEvent;
import dev.authkit.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeySetDocumentTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "\"hello\"", "[]", "{}", "{\"keys\":\"x\"}", "{\"keys\":{}}",
      "<html>login</html>", "{\"keys\":[", "null"})
  void parseWhenNotAJwkSetThenFails(String body) {
    assertThatThrownBy(() -> KeySetDocument.parse(utf8(body))).isInstanceOf(FetchException.class);
  }

  @Test
  void parseWhenNotUtf8ThenFails() {
    assertThatThrownBy(() -> KeySetDocument.parse(new byte[] {'{', (byte) 0xC3, '}'}))
        .isInstanceOf(FetchException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void parseWhenOneMemberUnparseableThenOthersKept() throws Exception {
    String good = TestKeys.A_RSA_1.toPublicJWK().toJSONString();
    byte[] body = utf8("{\"keys\":[" + good + ",{\"kty\":\"XYZ\",\"kid\":\"odd\"},7,"
        + "{\"kty\":\"RSA\",\"kid\":\"leaky\",\"n\":\"AQAB\",\"d\":\"AQAB\"}]}");

    KeySetDocument.Parsed parsed = KeySetDocument.parse(body);

    assertThat(parsed.keys().getKeys()).extracting(k -> k.getKeyID()).containsExactly("a-rsa-1");
    assertThat(parsed.dropped()).hasSize(3);
    assertThat(parsed.dropped()).filteredOn(d -> "leaky".equals(d.keyId()))
        .singleElement().satisfies(d -> assertThat(d.severity()).isEqualTo(AuthEvent.Severity.ALERT));
  }

  @Test
  void parseWhenSameBodyThenSameDigest() throws Exception {
    byte[] body = utf8("{\"keys\":[]}");
    assertThat(KeySetDocument.parse(body).digest()).isEqualTo(KeySetDocument.parse(body.clone()).digest());
    assertThat(KeySetDocument.parse(body).digest()).isNotEqualTo(KeySetDocument.parse(utf8("{\"keys\":[] }")).digest());
  }
}
