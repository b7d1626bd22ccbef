package dev.authkit.internal.jwt;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * authkit's own range check of JOSE ECDSA signatures (RFC 7518 §3.4: {@code r || s}, each the
 * curve's byte length), so "psychic signatures" (CVE-2022-21449: r = s = 0) fail on every JDK,
 * patched or not. Stateless; not an API.
 */
public final class EcdsaSignatures {

  private EcdsaSignatures() {}

  /**
   * Returns true when the signature has the exact JOSE length for the curve and both r and s lie in
   * [1, n-1].
   *
   * @param signature the decoded JWS signature
   * @param order the curve's group order n
   */
  public static boolean inRange(byte[] signature, BigInteger order) {
    int length = (order.bitLength() + 7) / 8;
    if (signature.length != 2 * length) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, length));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, length, 2 * length));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(order) < 0 && s.compareTo(order) < 0;
  }
}
