package dev.authkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthResult;
import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import dev.authkit.internal.jwks.FetchException;
import dev.authkit.internal.jwks.KeySetDocument;
import dev.authkit.internal.jwt.VettedKeys;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz targets for authkit's four parsers of attacker-controlled text. In the normal build
 * (regression mode) each replays its committed inputs from
 * {@code src/test/resources/dev/authkit/reliability/ParserFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} one target fuzzes (see README, "Fuzzing").
 *
 * <p>Oracle, for every input: the call ends in authkit's typed family (an
 * {@link AuthenticationException}, or the parser's own documented failure), never another
 * exception or error (NPE, IAE, {@code StackOverflowError}, OOM); a {@code MALFORMED} that
 * authkit's catch-all made out of an unexpected library exception counts as a finding too; nothing is
 * accepted but the one valid credential of the fixture; and no input takes longer than 1 s (measured
 * twice, so one GC pause on a shared machine is not a finding).
 *
 * <p>The fixture is deterministic (an RSA key from a seeded generator, a fixed clock at CASES.md
 * T0, an API key from a seeded {@code SecureRandom}), so committed inputs that hold the valid token
 * or key stay valid from run to run.
 */
class ParserFuzzTest {

  private static final long LIMIT_NANOS = 1_000_000_000L;
  private static final Fixture FIXTURE = new Fixture();

  /** The compact-JWS parser and validator: {@link JwtAuthenticator#authenticate}. */
  @FuzzTest(maxDuration = "5m")
  void jwtAuthenticate(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    timed(() -> {
      try {
        FIXTURE.jwt.authenticate(token);
        if (!token.equals(FIXTURE.validToken)) {
          throw new AssertionError("accepted a token that is not the fixture's valid token");
        }
      } catch (AuthenticationException e) {
        requireTyped(e);
      }
      return null;
    });
  }

  /** The {@code Authorization} header parser ({@code CredentialExtractor}) through {@link AuthKit#authenticate}. */
  @FuzzTest(maxDuration = "5m")
  void authorizationHeader(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    RequestView.Builder view = RequestView.builder("GET", "/v1/orders");
    boolean carriesValid = false;
    int count = 0;
    for (String line : text.split("\n", 9)) {
      if (++count > 8) {
        break;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "Authorization" : line.substring(0, colon);
      String value = colon < 0 ? line : line.substring(colon + 1);
      view.header(name, value);
      carriesValid |= value.contains(FIXTURE.validToken) || value.contains(FIXTURE.apiKey);
    }
    RequestView request = view.build();
    boolean expectedValid = carriesValid;
    timed(() -> {
      AuthResult result = FIXTURE.authKit.authenticate(request);
      if (result instanceof AuthResult.Authenticated && !expectedValid) {
        throw new AssertionError("authenticated a request that carries neither the valid token nor the valid key");
      }
      if (result instanceof AuthResult.Failed failed && (failed.detail().startsWith("the token could not be processed")
          || failed.detail().startsWith("the API key could not be processed"))) {
        throw new AssertionError("a library exception reached the catch-all: " + failed.detail());
      }
      return null;
    });
  }

  /** The API-key parser: {@link ApiKeyAuthenticator#authenticate} against an in-memory store. */
  @FuzzTest(maxDuration = "5m")
  void apiKeyAuthenticate(byte[] input) {
    String key = new String(input, StandardCharsets.UTF_8);
    timed(() -> {
      try {
        AuthPrincipal principal = FIXTURE.apiKeys.authenticate(key);
        if (!key.equals(FIXTURE.apiKey) || !principal.subject().equals("fuzz-service")) {
          throw new AssertionError("accepted a key that is not the fixture's key");
        }
      } catch (AuthenticationException e) {
        if (e.getMessage().startsWith("the API key could not be processed")) {
          throw new AssertionError("a library exception reached the catch-all: " + e.getMessage(), e);
        }
      }
      return null;
    });
  }

  /**
   * The JWK set parsers: the fetched-document parser ({@code KeySetDocument}, then the key policy
   * {@code VettedKeys} and key selection) and {@link StaticKeys#fromJwkSetJson}.
   */
  @FuzzTest(maxDuration = "5m")
  void jwkSetParse(byte[] input) {
    timed(() -> {
      try {
        KeySetDocument.Parsed parsed = KeySetDocument.parse(input);
        VettedKeys keys = VettedKeys.vet(parsed.keys(), (key, rejection) -> { });
        for (JWK key : parsed.keys().getKeys()) {
          for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA}) {
            keys.select(alg, key.getKeyID());
          }
        }
      } catch (FetchException expected) {
        // the documented failure of a fetched body: keep the last good set
      }
      try {
        StaticKeys.fromJwkSetJson(new String(input, StandardCharsets.UTF_8)).keys();
      } catch (IllegalArgumentException expected) {
        // StaticKeys is configuration: a document that is not a JWK set is refused at start-up
      }
      return null;
    });
  }

  /**
   * Positive control: the committed valid inputs are still the fixture's valid credentials (the
   * deterministic key reproduces), and they are accepted; so the regression corpus exercises the
   * success paths, and the "only the valid credential is accepted" oracle can tell.
   */
  @Test
  void fixtureWhenCommittedValidInputsThenAccepted() throws Exception {
    String token = seed("jwtAuthenticate/valid-token");
    assertThat(token).isEqualTo(FIXTURE.validToken);
    assertThat(FIXTURE.jwt.authenticate(token).subject()).isEqualTo("user-0001");
    String key = seed("apiKeyAuthenticate/valid-key");
    assertThat(key).isEqualTo(FIXTURE.apiKey);
    assertThat(FIXTURE.apiKeys.authenticate(key).subject()).isEqualTo("fuzz-service");
    assertThat(FIXTURE.authKit.authenticate(RequestView.builder("GET", "/")
        .header("Authorization", seed("authorizationHeader/bearer-valid").substring("Authorization: ".length()))
        .build())).isInstanceOf(AuthResult.Authenticated.class);
    assertThatThrownBy(() -> FIXTURE.jwt.authenticate(token + "="))
        .isInstanceOf(CredentialRejectedException.class);
  }

  private static String seed(String name) throws IOException {
    try (InputStream in = ParserFuzzTest.class.getResourceAsStream("ParserFuzzTestInputs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void requireTyped(AuthenticationException e) {
    if (e instanceof CredentialRejectedException && e.reason() == Reason.MALFORMED
        && e.getMessage().startsWith("the token could not be processed")) {
      throw new AssertionError("a library exception reached the catch-all: " + e.getMessage(), e);
    }
  }

  /** Runs {@code call}; if it takes over 1 s, runs it again and fails if that is slow as well. */
  private static void timed(Supplier<Void> call) {
    long start = System.nanoTime();
    call.get();
    if (System.nanoTime() - start > LIMIT_NANOS) {
      long again = System.nanoTime();
      call.get();
      long elapsed = System.nanoTime() - again;
      if (elapsed > LIMIT_NANOS) {
        throw new AssertionError("one input took " + elapsed / 1_000_000 + " ms (limit 1 s)");
      }
    }
  }

  /** Deterministic keys, token and API key, so committed inputs keep their meaning. */
  static final class Fixture {
    final JwtAuthenticator jwt;
    final ApiKeyAuthenticator apiKeys;
    final AuthKit authKit;
    final String validToken;
    final String apiKey;

    Fixture() {
      try {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(0x5eed_a117_4b17L);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, seeded);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
            .keyID("a-rsa-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
        Clock clock = Clock.fixed(Instant.ofEpochSecond(Tokens.T0), ZoneOffset.UTC);
        this.jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
            .keySource(StaticKeys.of(new JWKSet(key.toPublicJWK()))).clock(clock).build();
        this.validToken = Tokens.sign(key, Tokens.json(Tokens.fixtureHeader()), Tokens.json(Tokens.fixtureClaims()));
        InMemoryApiKeyStore store = new InMemoryApiKeyStore();
        this.apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_fuzz").clock(clock).build();
        SecureRandom keyRandom = SecureRandom.getInstance("SHA1PRNG");
        keyRandom.setSeed(0xa91_4e75L);
        this.apiKey = ApiKeyIssuer.builder().prefix("sk_fuzz").store(store).clock(clock).secureRandom(keyRandom)
            .invalidates(apiKeys).build().newKey("fuzz-service").scopes("read").issue().plaintext();
        this.authKit = AuthKit.builder().jwt(jwt).apiKeys(apiKeys).clock(clock).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
