package dev.authkit.internal.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void newKeyWhenGeneratedThenHasLayoutAndParsesFromTheRight() {
    String keyId = ApiKeyFormat.newKeyId(random);
    String key = ApiKeyFormat.newKey("sk_live", keyId, random);

    assertThat(key).matches("sk_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{28}");
    assertThat(key).hasSize("sk_live".length() + ApiKeyFormat.TAIL_LENGTH);
    ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key);
    assertThat(parsed).isNotNull();
    assertThat(parsed.prefix()).isEqualTo("sk_live");
    assertThat(parsed.keyId()).isEqualTo(keyId);
  }

  @Test
  void parseWhenAnySingleCharacterChangedThenChecksumFails() {
    String key = ApiKeyFormat.newKey("pk_test", ApiKeyFormat.newKeyId(random), random);
    assertThat(ApiKeyFormat.parse(key)).isNotNull();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '_') {
        continue;
      }
      char other = c == 'a' ? 'b' : 'a';
      String changed = key.substring(0, i) + other + key.substring(i + 1);
      assertThat(ApiKeyFormat.parse(changed)).as("position %d", i).isNull();
    }
  }

  @Test
  void checksumWhenComputedThenSixBase62DigitsOfCrc32() {
    // CRC32("abc") = 0x352441C2 (the standard check value) = "0yKviM" in base62, computed independently.
    assertThat(ApiKeyFormat.checksum("abc")).isEqualTo("0yKviM");
  }

  @Test
  void isValidPrefixWhenShapesThenOnlyLettersDigitsUnderscoreStartingWithLetter() {
    assertThat(ApiKeyFormat.isValidPrefix("sk_live")).isTrue();
    assertThat(ApiKeyFormat.isValidPrefix("ak")).isTrue();
    assertThat(ApiKeyFormat.isValidPrefix("")).isFalse();
    assertThat(ApiKeyFormat.isValidPrefix("_sk")).isFalse();
    assertThat(ApiKeyFormat.isValidPrefix("sk_")).isFalse();
    assertThat(ApiKeyFormat.isValidPrefix("1sk")).isFalse();
    assertThat(ApiKeyFormat.isValidPrefix("sk-live")).isFalse();
    assertThat(ApiKeyFormat.isValidPrefix("s".repeat(33))).isFalse();
  }
}
