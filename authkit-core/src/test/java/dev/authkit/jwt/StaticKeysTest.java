package dev.authkit.jwt;

import static dev.authkit.testing.Tokens.AUDIENCE;
import static dev.authkit.testing.Tokens.ISSUER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticKeysTest {

  private final MutableClock clock = MutableClock.atT0();

  private JwtAuthenticator with(KeySource keys) {
    return JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock).keySource(keys).build();
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void fromPemWhenRsaPublicKeyThenVerifiesTokensOfThatKid() throws Exception {
    StaticKeys keys = StaticKeys.fromPem(pem(TestKeys.A_RSA_1.toRSAPublicKey()), "a-rsa-1");
    assertThat(with(keys).authenticate(Tokens.fixture()).subject()).isEqualTo("user-0001");
    StaticKeys otherKid = StaticKeys.fromPem(pem(TestKeys.A_RSA_1.toRSAPublicKey()), "another");
    JwtAuthenticatorTest.assertRejected(() -> with(otherKid).authenticate(Tokens.fixture()),
        dev.authkit.Reason.UNKNOWN_KEY);
  }

  @Test
  void fromPemFileWhenEcAndEd25519KeysThenLoaded(@TempDir Path dir) throws Exception {
    Path ec = dir.resolve("ec.pem");
    Files.writeString(ec, pem(TestKeys.A_EC_1.toECPublicKey()));
    assertThat(StaticKeys.fromPemFile(ec, "a-ec-1").keys().getKeys()).singleElement()
        .satisfies(key -> assertThat(key.getKeyID()).isEqualTo("a-ec-1"));

    StaticKeys ed = StaticKeys.fromPem(pem(TestKeys.A_ED_1.jdk().getPublic()), "a-ed-1");
    String token = Tokens.signEd25519(TestKeys.A_ED_1, "{\"alg\":\"EdDSA\",\"kid\":\"a-ed-1\"}",
        Tokens.json(Tokens.fixtureClaims()));
    assertThat(with(ed).authenticate(token).subject()).isEqualTo("user-0001");
  }

  @Test
  void fromPemWhenNoBlockOrGarbageThenIllegalArgument() {
    assertThatThrownBy(() -> StaticKeys.fromPem("hello", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM PUBLIC KEY block");
    assertThatThrownBy(() -> StaticKeys.fromPem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StaticKeys.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an RSA, EC or Ed25519 key");
  }

  @Test
  void fromPublicKeyWhenUnsupportedTypeOrCurveThenIllegalArgument() throws Exception {
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    assertThatThrownBy(() -> StaticKeys.fromPublicKey(dsa.generateKeyPair().getPublic(), "d1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported public key type");
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    assertThat(StaticKeys.fromPublicKey(ec.generateKeyPair().getPublic(), "p256").keys().getKeys()).hasSize(1);
  }

  @Test
  void fromJwkSetJsonWhenValidThenLoadedAndGarbageRefused(@TempDir Path dir) throws Exception {
    String json = TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1).toString();
    assertThat(with(StaticKeys.fromJwkSetJson(json)).authenticate(Tokens.fixture())).isNotNull();
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, json);
    assertThat(StaticKeys.fromJwkSetFile(file).keys().getKeys()).extracting(JWK::getKeyID)
        .containsExactly("a-rsa-1", "a-ec-1");
    assertThatThrownBy(() -> StaticKeys.fromJwkSetJson("{\"keys\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StaticKeys.fromJwkSetFile(dir.resolve("missing.json")))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
