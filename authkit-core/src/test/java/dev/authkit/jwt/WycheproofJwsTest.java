package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthEvent;
import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.internal.jwt.Algorithms;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Google Wycheproof (C2SP) JOSE vectors, {@code json_web_signature_test.json} and
 * {@code json_web_key_test.json}, run at authkit's JWS-verification layer
 * ({@link JwtAuthenticator#verifyJwsOnly}: strict compact form, header rules, key policy and
 * selection, signature), because their payloads are not JWT claim sets.
 *
 * <p>Set-up per group, as {@code shared/testdata/external/HOWTO.md} §3.1–3.2 asks:
 * <ul>
 *   <li>signature file: the key is {@code public ?? private}; asymmetric keys go, public part only,
 *       into a JWK set holding exactly that key; an {@code oct} key becomes an explicit
 *       {@link SecretKey} through {@link JwtAuthenticator.Builder#hmacKey} (never a key set);</li>
 *   <li>key file: {@code public ?? private} is a JWK set, loaded through {@link StaticKeys} and
 *       authkit's key vetting; a set refused at load counts as "rejected";</li>
 *   <li>allow-list: every algorithm authkit supports (the asymmetric ones, plus the HMAC ones the
 *       configured secret is long enough for; HS* cannot be listed without a secret, by design).</li>
 * </ul>
 * {@code valid} must be accepted, {@code invalid} rejected with a {@link CredentialRejectedException};
 * any other exception is a failure (it would escape authkit's typed failure family). The file has no
 * {@code acceptable} tests. Where authkit is right to differ from the label, {@link #OVERRIDES}
 * says so, with the reason.
 */
class WycheproofJwsTest {

  private static final String SIGNATURE_FILE = "json_web_signature_test.json";
  private static final String KEY_FILE = "json_web_key_test.json";

  /** Expected outcome against the Wycheproof label, with the reason. Keyed by {@code file#tcId}. */
  private record Expectation(boolean accept, String reason) {}

  private static final Map<String, Expectation> OVERRIDES = Map.ofEntries(
      // --- Known data defects (shared/testdata/external/SOURCES.md §1, HOWTO §3.1) ---
      // Byte-identical to valid tcId 357 but labelled invalid (upstream generator bug, C2SP/wycheproof#236).
      // 367 and 370 are byte-identical to valid tcId 357 (C2SP/wycheproof#236), but like 357 they use
      // a constant HMAC key, which authkit refuses at configuration: they end rejected as labelled.
      override(SIGNATURE_FILE, 357, true, "HMAC key with every byte equal: refused by hmacKey(..) by design"),
      override(SIGNATURE_FILE, 358, true, "HMAC key with every byte equal: refused by hmacKey(..) by design"),
      override(SIGNATURE_FILE, 359, true, "HMAC key with every byte equal: refused by hmacKey(..) by design"),
      override(SIGNATURE_FILE, 376, true, "HMAC key with every byte equal: refused by hmacKey(..) by design"),
      override(SIGNATURE_FILE, 377, true, "HMAC key with every byte equal: refused by hmacKey(..) by design"),
      // Labelled valid, but after removing the inserted '?' the MAC does not match the transmitted
      // signing input; besides, '?' is outside base64url, so authkit refuses the token before any MAC.
      override(SIGNATURE_FILE, 372, true, "MAC does not match the signing input; '?' is not base64url"),
      override(SIGNATURE_FILE, 373, true, "MAC does not match the signing input; '?' is not base64url"),
      // RFC 7520 Figure 20: the JWK says "alg":"PS256", the token is PS384. authkit binds the
      // token's alg to the key's own alg (DESIGN decision 2), so it rejects.
      override(SIGNATURE_FILE, 346, true, "key alg PS256, token PS384: a key's own alg must agree"),
      override(SIGNATURE_FILE, 350, true, "key alg PS256, token PS384: a key's own alg must agree"),
      // RFC 7520 Figure 27: the JWK carries the unregistered "alg":"ES521" (ES512 meant); the key
      // policy refuses a key whose alg does not fit its type and curve, so the token is rejected.
      override(SIGNATURE_FILE, 347, true, "key alg \"ES521\" is not a JWS algorithm: key refused"),
      override(SIGNATURE_FILE, 351, true, "key alg \"ES521\" is not a JWS algorithm: key refused"),

      // --- Decided differently by design ---
      // An empty payload segment is indistinguishable from detached content (RFC 7515 Appendix F),
      // which authkit never accepts: an access token always has a claims set.
      override(SIGNATURE_FILE, 259, true, "empty payload = detached content, refused by design"),
      override(SIGNATURE_FILE, 264, true, "empty payload = detached content, refused by design"),
      override(SIGNATURE_FILE, 268, true, "empty payload = detached content, refused by design"),
      override(SIGNATURE_FILE, 272, true, "empty payload = detached content, refused by design"),
      override(SIGNATURE_FILE, 320, true, "empty payload = detached content, refused by design"),
      override(SIGNATURE_FILE, 325, true, "empty payload = detached content, refused by design"),
      // Symmetric (oct) keys are never taken from a JWK set (DESIGN decisions 2 and 6); HMAC needs
      // an explicitly configured SecretKey. These valid HS* tokens verify only against a key set.
      override(KEY_FILE, 2, true, "oct key inside a JWK set is never used (HMAC needs hmacKey(..))"),
      override(KEY_FILE, 13, true, "oct key inside a JWK set is never used (HMAC needs hmacKey(..))"),
      override(KEY_FILE, 14, true, "oct key inside a JWK set is never used (HMAC needs hmacKey(..))"),
      override(KEY_FILE, 15, true, "oct key inside a JWK set is never used (HMAC needs hmacKey(..))"),
      // The ROCA fingerprint (CVE-2017-15361) is not detected: authkit checks size (>= 2048 bits),
      // exponent and parity, not the modulus structure. The signature is genuine, so it verifies.
      override(KEY_FILE, 7, false, "ROCA-vulnerable modulus is not detected by authkit (documented)"));

  private static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

  private static final class Counts {
    final AtomicInteger run = new AtomicInteger();
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger overridden = new AtomicInteger();
  }

  /**
   * One override. {@code labelValid} is the label in the file; the override states the opposite, so
   * the map cannot silently drift from the data ({@link #expectation} checks it).
   */
  private static Map.Entry<String, Expectation> override(String file, int tcId, boolean labelValid, String reason) {
    return Map.entry(file + "#" + tcId, new Expectation(!labelValid, reason));
  }

  static Stream<Arguments> signatureVectors() {
    return vectors(SIGNATURE_FILE);
  }

  static Stream<Arguments> keyVectors() {
    return vectors(KEY_FILE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatureVectors")
  void verifyJwsOnlyWhenSignatureVectorThenMatchesExpectation(String name, Vector vector) {
    check(vector, () -> fromSingleKey(vector.group));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyVectors")
  void verifyJwsOnlyWhenKeyVectorThenMatchesExpectation(String name, Vector vector) {
    check(vector, () -> fromKeySet(vector.group));
  }

  /**
   * Key-file tcIds 8 (1024-bit RSA) and 9 (public exponent 1) carry an empty payload, so authkit
   * rejects them before the key policy is reached. To show the key itself is refused, the group's
   * own private key signs a non-empty payload; the public set must then give {@code KEY_REJECTED},
   * while a sound 2048-bit key in the same construction is accepted.
   */
  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "json_web_key_test.json#{0} key refused by the key policy itself")
  @ValueSource(ints = {8, 9})
  void verifyJwsOnlyWhenWeakKeySignsNonEmptyPayloadThenKeyRejected(int tcId) throws Exception {
    Map<String, Object> group = vectors(KEY_FILE).map(a -> (Vector) a.get()[1]).filter(v -> v.tcId == tcId)
        .findFirst().orElseThrow().group;
    JWKSet privateSet = JWKSet.parse(JSONObjectUtils.toJSONString((Map<String, Object>) group.get("private")));
    RSAKey weak = (RSAKey) privateSet.getKeys().get(0);
    RSAKey sound = TestKeys.rsa(weak.getKeyID(), 2048, JWSAlgorithm.RS256);
    List<AuthEvent> events = new CopyOnWriteArrayList<>();

    JwtAuthenticator controlSet = JwtAuthenticator.builder().issuer("https://wycheproof.example").audience("w")
        .keySource(StaticKeys.of(new JWKSet(sound.toPublicJWK()))).build();
    controlSet.verifyJwsOnly(rs256(sound, weak.getKeyID()));

    JwtAuthenticator weakSet = JwtAuthenticator.builder().issuer("https://wycheproof.example").audience("w")
        .keySource(StaticKeys.fromJwkSetJson(JSONObjectUtils.toJSONString(keyOf(group))))
        .addEventListener(events::add).build();
    Throwable thrown = catchThrowable(() -> weakSet.verifyJwsOnly(rs256(weak, weak.getKeyID())));
    assertThat(thrown).isInstanceOf(CredentialRejectedException.class);
    assertThat(((CredentialRejectedException) thrown).reason()).isEqualTo(Reason.KEY_REJECTED);
    assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuthEvent.Type.KEY_REJECTED));
  }

  /** RS256 over {@code {"alg":"RS256","kid":..}.Zm9v} with the JDK, so no library refuses the weak key first. */
  private static String rs256(RSAKey key, String kid) throws Exception {
    String input = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + ".Zm9v";
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key.toRSAPrivateKey());
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Tokens.b64(signer.sign());
  }

  @AfterAll
  static void printFigures() {
    for (String file : List.of(SIGNATURE_FILE, KEY_FILE)) {
      Counts counts = COUNTS.get(file);
      if (counts != null) {
        System.out.printf("Wycheproof %s: run %d, passed %d, overridden %d%n", file, counts.run.get(),
            counts.passed.get(), counts.overridden.get());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One Wycheproof test with its group. */
  record Vector(String file, int tcId, String result, Object jws, Map<String, Object> group) {
    @Override
    public String toString() {
      return file + "#" + tcId;
    }
  }

  private interface AuthenticatorFactory {
    JwtAuthenticator create();
  }

  private static void check(Vector vector, AuthenticatorFactory factory) {
    Counts counts = COUNTS.computeIfAbsent(vector.file, f -> new Counts());
    counts.run.incrementAndGet();
    boolean labelValid = switch (vector.result) {
      case "valid" -> true;
      case "invalid" -> false;
      default -> throw new IllegalStateException("no acceptable tests expected, got " + vector.result);
    };
    Expectation override = OVERRIDES.get(vector.toString());
    if (override != null) {
      assertThat(override.accept).as("override of %s must contradict its label", vector).isNotEqualTo(labelValid);
      counts.overridden.incrementAndGet();
    }
    boolean expectAccept = override != null ? override.accept : labelValid;

    String outcome;
    boolean accepted;
    JwtAuthenticator authenticator;
    try {
      authenticator = factory.create();
    } catch (IllegalArgumentException refusedAtLoad) {
      // Configuration-time refusal (key set unparseable, HMAC key too short): no token can verify.
      accepted = false;
      outcome = "key refused at load: " + refusedAtLoad.getMessage();
      record(counts, vector, expectAccept, accepted, outcome);
      return;
    }
    assertThat(vector.jws).as("these files hold only string-valued jws").isInstanceOf(String.class);
    try {
      authenticator.verifyJwsOnly((String) vector.jws);
      accepted = true;
      outcome = "accepted";
    } catch (CredentialRejectedException rejected) {
      accepted = false;
      outcome = rejected.reason() + " (" + rejected.getMessage() + ")";
    } catch (AuthenticationException unavailable) {
      fail("%s: a static key set cannot be unavailable, got %s", vector, unavailable);
      return;
    } catch (RuntimeException | Error escaped) {
      fail(vector + ": exception escaped authkit's typed failure family", escaped);
      return;
    }
    record(counts, vector, expectAccept, accepted, outcome);
  }

  private static void record(Counts counts, Vector vector, boolean expectAccept, boolean accepted, String outcome) {
    // The actual outcome of every vector, so a change of reason shows up in the test output.
    System.out.println("outcome " + vector + " " + vector.result + " -> " + outcome);
    assertThat(accepted)
        .as("%s expected %s, was %s", vector, expectAccept ? "accept" : "reject", outcome)
        .isEqualTo(expectAccept);
    counts.passed.incrementAndGet();
  }

  /** Signature file: a single JWK; oct becomes an explicit SecretKey, others a one-key JWK set. */
  private static JwtAuthenticator fromSingleKey(Map<String, Object> group) {
    JWK key;
    try {
      key = JWK.parse(keyOf(group));
    } catch (ParseException e) {
      throw new IllegalArgumentException("the group's key does not parse: " + e.getMessage(), e);
    }
    JwtAuthenticator.Builder builder = JwtAuthenticator.builder().issuer("https://wycheproof.example")
        .audience("wycheproof");
    if (key instanceof OctetSequenceKey) {
      byte[] secret = ((OctetSequenceKey) key).toByteArray();
      SecretKey hmac = new SecretKeySpec(secret, "HmacSHA256");
      builder.hmacKey(hmac).algorithms(allSupported(secret.length));
    } else {
      builder.keySource(StaticKeys.of(new JWKSet(key.toPublicJWK()))).algorithms(allSupported(0));
    }
    return builder.build();
  }

  /** Key file: a JWK set document, through StaticKeys and the vetting path. */
  private static JwtAuthenticator fromKeySet(Map<String, Object> group) {
    String json = JSONObjectUtils.toJSONString(keyOf(group));
    return JwtAuthenticator.builder().issuer("https://wycheproof.example").audience("wycheproof")
        .keySource(StaticKeys.fromJwkSetJson(json)).algorithms(allSupported(0)).build();
  }

  /** Every algorithm authkit supports; HS* only those a secret of {@code hmacBytes} may use. */
  private static JWSAlgorithm[] allSupported(int hmacBytes) {
    Set<JWSAlgorithm> all = new LinkedHashSet<>(Algorithms.ASYMMETRIC);
    for (JWSAlgorithm hmac : Algorithms.HMAC) {
      if (hmacBytes >= Algorithms.hmacMinKeyBytes(hmac)) {
        all.add(hmac);
      }
    }
    return all.toArray(new JWSAlgorithm[0]);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> keyOf(Map<String, Object> group) {
    Object key = group.get("public") != null ? group.get("public") : group.get("private");
    return (Map<String, Object>) key;
  }

  @SuppressWarnings("unchecked")
  private static Stream<Arguments> vectors(String file) {
    Map<String, Object> root = readJson("/vectors/wycheproof/" + file);
    List<Arguments> all = new ArrayList<>();
    for (Object g : (List<Object>) root.get("testGroups")) {
      Map<String, Object> group = (Map<String, Object>) g;
      for (Object t : (List<Object>) group.get("tests")) {
        Map<String, Object> test = (Map<String, Object>) t;
        int tcId = ((Number) test.get("tcId")).intValue();
        Vector vector = new Vector(file, tcId, (String) test.get("result"), test.get("jws"), group);
        all.add(Arguments.of(file + "#" + tcId + " " + group.get("comment") + "/" + test.get("comment"), vector));
      }
    }
    assertThat(all).hasSize(((Number) root.get("numberOfTests")).intValue());
    return all.stream();
  }

  static Map<String, Object> readJson(String resource) {
    try {
      return JSONObjectUtils.parse(readText(resource));
    } catch (ParseException e) {
      throw new IllegalStateException(resource + " is not JSON", e);
    }
  }

  static String readText(String resource) {
    try (InputStream in = WycheproofJwsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
