package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The usable keys of one {@link JWKSet}, after {@link KeyPolicy}, with key selection by
 * {@code kid}, {@code alg} and key type (DESIGN decision 3). Immutable and thread-safe. Not an API.
 */
public final class VettedKeys {

  /** The outcome of a selection. */
  public enum Outcome {
    /** Exactly one key fits. */
    FOUND,
    /** No key fits; the set may be stale. */
    NOT_FOUND,
    /** A key with the token's {@code kid} exists but does not allow the token's {@code alg}. */
    ALGORITHM_MISMATCH,
    /** A key with the token's {@code kid} was refused by the policy. */
    REJECTED,
    /** More than one key fits; authkit never tries keys one after another. */
    AMBIGUOUS
  }

  /** A selection result: the key when {@link Outcome#FOUND}. */
  public record Selection(Outcome outcome, @Nullable VerificationKey key) {}

  private final JWKSet source;
  private final List<VerificationKey> keys;
  private final List<String> rejectedKeyIds;

  private VettedKeys(JWKSet source, List<VerificationKey> keys, List<String> rejectedKeyIds) {
    this.source = source;
    this.keys = keys;
    this.rejectedKeyIds = rejectedKeyIds;
  }

  /**
   * Vets every key of a set.
   *
   * @param set the published keys
   * @param onRejected told once per refused key, with the key and the refusal
   */
  public static VettedKeys vet(JWKSet set, BiConsumer<JWK, KeyPolicy.Rejection> onRejected) {
    return vet(set, onRejected, null);
  }

  /**
   * Vets every key of a set, reusing the {@link VerificationKey} of {@code previous} for every key
   * published unchanged ({@link JWK#equals}): its verifiers stay warm, and a verified token whose
   * key is still published can recognise it by identity.
   *
   * @param previous the keys vetted from the issuer's last set, or null
   */
  public static VettedKeys vet(JWKSet set, BiConsumer<JWK, KeyPolicy.Rejection> onRejected,
      @Nullable VettedKeys previous) {
    List<VerificationKey> usable = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (JWK key : set.getKeys()) {
      KeyPolicy.Rejection rejection = KeyPolicy.check(key);
      if (rejection == null) {
        VerificationKey same = previous == null ? null : previous.find(key);
        try {
          usable.add(same != null ? same : VerificationKey.of(key));
        } catch (JOSEException | RuntimeException unusable) {
          rejection = new KeyPolicy.Rejection("the key cannot be loaded: " + unusable.getClass().getSimpleName(),
              dev.authkit.AuthEvent.Severity.WARNING);
        }
      }
      if (rejection != null) {
        if (key.getKeyID() != null) {
          rejected.add(key.getKeyID());
        }
        onRejected.accept(key, rejection);
      }
    }
    return new VettedKeys(set, List.copyOf(usable), List.copyOf(rejected));
  }

  /** Returns the set these keys were vetted from, to tell when a source hands out a new one. */
  public JWKSet source() {
    return source;
  }

  private @Nullable VerificationKey find(JWK jwk) {
    for (VerificationKey key : keys) {
      if (key.jwk().equals(jwk)) {
        return key;
      }
    }
    return null;
  }

  /** Returns true when {@code key} (by identity) is one of these usable keys. */
  public boolean contains(VerificationKey key) {
    for (VerificationKey usable : keys) {
      if (usable == key) {
        return true;
      }
    }
    return false;
  }

  /** Returns how many keys are usable. */
  public int size() {
    return keys.size();
  }

  /**
   * Selects the one key for a token.
   *
   * @param algorithm the token's {@code alg}, already on the allow-list
   * @param keyId the token's {@code kid}, or null: then exactly one key may fit {@code alg} and type
   */
  public Selection select(JWSAlgorithm algorithm, @Nullable String keyId) {
    VerificationKey match = null;
    int matches = 0;
    boolean keyIdSeen = false;
    for (VerificationKey key : keys) {
      if (keyId != null && !keyId.equals(key.keyId())) {
        continue;
      }
      keyIdSeen = true;
      if (key.accepts(algorithm)) {
        matches++;
        match = key;
      }
    }
    if (matches == 1) {
      return new Selection(Outcome.FOUND, match);
    }
    if (matches > 1) {
      return new Selection(Outcome.AMBIGUOUS, null);
    }
    if (keyId != null && keyIdSeen) {
      return new Selection(Outcome.ALGORITHM_MISMATCH, null);
    }
    if (keyId != null && rejectedKeyIds.contains(keyId)) {
      return new Selection(Outcome.REJECTED, null);
    }
    return new Selection(Outcome.NOT_FOUND, null);
  }

  @Override
  public String toString() {
    return "VettedKeys[" + keys.size() + " usable, " + rejectedKeyIds.size() + " refused]";
  }
}
