package dev.authkit.internal.apikey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * authkit's API-key format (DESIGN decision 9): {@code <prefix>_<keyId>_<secret><checksum>}.
 *
 * <ul>
 *   <li>prefix: 1 to {@value #MAX_PREFIX_LENGTH} characters of {@code [A-Za-z0-9_]}, starting with a
 *       letter and not ending with {@code _}, e.g. {@code sk_live};
 *   <li>key id: {@value #KEY_ID_LENGTH} random base62 characters (about 71 bits), public;
 *   <li>secret: {@value #SECRET_LENGTH} random base62 characters from {@link SecureRandom}
 *       (about 131 bits);
 *   <li>checksum: CRC32 of the ASCII bytes of everything before it, as {@value #CHECKSUM_LENGTH}
 *       base62 digits, most significant first.
 * </ul>
 *
 * <p>The tail after the prefix has a fixed length, so a key is parsed from the right and a prefix
 * may itself contain {@code _}. Not an API; stateless and thread-safe.
 */
public final class ApiKeyFormat {

  public static final int KEY_ID_LENGTH = 12;
  public static final int SECRET_LENGTH = 22;
  public static final int CHECKSUM_LENGTH = 6;
  public static final int MAX_PREFIX_LENGTH = 32;
  /** Characters after the prefix: {@code _}, key id, {@code _}, secret, checksum. */
  public static final int TAIL_LENGTH = 1 + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;
  public static final int MAX_KEY_LENGTH = MAX_PREFIX_LENGTH + TAIL_LENGTH;

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private ApiKeyFormat() {}

  /** A key split into its parts; only produced when the layout and checksum are right. */
  public static final class Parsed {
    private final String prefix;
    private final String keyId;

    Parsed(String prefix, String keyId) {
      this.prefix = prefix;
      this.keyId = keyId;
    }

    public String prefix() {
      return prefix;
    }

    public String keyId() {
      return keyId;
    }
  }

  /** Returns true when {@code prefix} is an acceptable prefix (see the class comment). */
  public static boolean isValidPrefix(@Nullable String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
      return false;
    }
    if (!isLetter(prefix.charAt(0)) || prefix.charAt(prefix.length() - 1) == '_') {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (!isBase62(c) && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** Returns true when {@code keyId} has the shape of a key id. */
  public static boolean isValidKeyId(@Nullable String keyId) {
    return keyId != null && keyId.length() == KEY_ID_LENGTH && allBase62(keyId, 0, KEY_ID_LENGTH);
  }

  /**
   * Parses a presented key, from the right, and verifies its checksum. Does no I/O and allocates
   * nothing for input of the wrong length.
   *
   * @return the parts, or null when the key is not in the format or its checksum is wrong
   */
  public static @Nullable Parsed parse(@Nullable String key) {
    if (key == null) {
      return null;
    }
    int length = key.length();
    if (length <= TAIL_LENGTH || length > MAX_KEY_LENGTH) {
      return null;
    }
    int checksumStart = length - CHECKSUM_LENGTH;
    int secretStart = checksumStart - SECRET_LENGTH;
    int keyIdEnd = secretStart - 1;
    int keyIdStart = keyIdEnd - KEY_ID_LENGTH;
    int prefixEnd = keyIdStart - 1;
    if (key.charAt(keyIdEnd) != '_' || key.charAt(prefixEnd) != '_') {
      return null;
    }
    if (!allBase62(key, secretStart, length) || !allBase62(key, keyIdStart, keyIdEnd)) {
      return null;
    }
    String prefix = key.substring(0, prefixEnd);
    if (!isValidPrefix(prefix)) {
      return null;
    }
    long expected = crc32(key, checksumStart);
    long actual = decodeBase62(key, checksumStart, length);
    if (actual != expected) {
      return null;
    }
    return new Parsed(prefix, key.substring(keyIdStart, keyIdEnd));
  }

  /** Creates a new key id. */
  public static String newKeyId(SecureRandom random) {
    return randomBase62(random, KEY_ID_LENGTH);
  }

  /** Creates the full key text for a prefix and key id, with a fresh secret and its checksum. */
  public static String newKey(String prefix, String keyId, SecureRandom random) {
    String body = prefix + '_' + keyId + '_' + randomBase62(random, SECRET_LENGTH);
    return body + checksum(body);
  }

  /** Returns the checksum characters for {@code body}: CRC32 as six base62 digits. */
  public static String checksum(String body) {
    long value = crc32(body, body.length());
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) (value % 62)];
      value /= 62;
    }
    return new String(out);
  }

  private static String randomBase62(SecureRandom random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)]; // nextInt(bound) is unbiased
    }
    return new String(out);
  }

  private static long crc32(String text, int end) {
    CRC32 crc = new CRC32();
    crc.update(text.substring(0, end).getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  private static long decodeBase62(String text, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      value = value * 62 + digit(text.charAt(i));
    }
    return value;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    return c - 'a' + 36;
  }

  private static boolean allBase62(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isBase62(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isBase62(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }
}
