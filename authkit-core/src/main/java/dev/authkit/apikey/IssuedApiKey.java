package dev.authkit.apikey;

import dev.authkit.internal.Redaction;

/**
 * A newly issued API key: the plaintext, to show the caller once, and the {@link ApiKeyRecord}
 * that was stored. The only object that ever holds the plaintext; authkit keeps no copy.
 *
 * <p>{@link #toString()} masks the key (prefix, key id and a fingerprint only). Immutable and
 * thread-safe.
 */
public final class IssuedApiKey {

  private final String plaintext;
  private final ApiKeyRecord record;

  IssuedApiKey(String plaintext, ApiKeyRecord record) {
    this.plaintext = plaintext;
    this.record = record;
  }

  /**
   * Returns the full key, {@code <prefix>_<keyId>_<secret><checksum>}. Show it to its owner once
   * and do not log or store it: only its hash is kept.
   */
  public String plaintext() {
    return plaintext;
  }

  /** Returns the public key id (12 base62 characters); never null. */
  public String keyId() {
    return record.keyId();
  }

  /** Returns the stored record (no plaintext); never null. */
  public ApiKeyRecord record() {
    return record;
  }

  /** Shows {@code prefix_keyId_…} and a fingerprint; never the secret. */
  @Override
  public String toString() {
    return "IssuedApiKey[" + record.prefix() + "_" + record.keyId() + "_…, fingerprint="
        + Redaction.fingerprint(plaintext) + ", subject=" + record.subject() + "]";
  }
}
