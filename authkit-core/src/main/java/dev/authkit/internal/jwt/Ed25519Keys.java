package dev.authkit.internal.jwt;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refuses Ed25519 public keys that let anyone forge signatures: encodings of the eight small-order
 * points (RFC 8032 §5.1.7 verification does not exclude them; libsodium and Tink refuse them the
 * same way, by list) and non-canonical encodings (y not below p). The JDK's own Ed25519 verifier
 * accepts such keys, so authkit checks them itself. Stateless; not an API.
 */
final class Ed25519Keys {

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /** Small-order points, little-endian y with the sign bit cleared (x sign does not change the order). */
  private static final List<byte[]> SMALL_ORDER = List.of(
      hex("0000000000000000000000000000000000000000000000000000000000000000"),
      hex("0100000000000000000000000000000000000000000000000000000000000000"),
      hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
      hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
      hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

  private Ed25519Keys() {}

  /** Returns why the 32-byte encoded key must be refused, or null when it is acceptable. */
  static @Nullable String problem(byte[] encoded) {
    if (encoded.length != 32) {
      return "an Ed25519 public key has 32 bytes, this one " + encoded.length;
    }
    byte[] y = encoded.clone();
    y[31] &= 0x7f;
    for (byte[] point : SMALL_ORDER) {
      if (Arrays.equals(point, y)) {
        return "the Ed25519 public key is a small-order point: signatures by it prove nothing";
      }
    }
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = y[31 - i];
    }
    if (new BigInteger(1, bigEndian).compareTo(P) >= 0) {
      return "the Ed25519 public key is not canonically encoded (y >= p)";
    }
    return null;
  }

  private static byte[] hex(String value) {
    return HexFormat.of().parseHex(value);
  }
}
