package dev.authkit.benchmarks.jwt;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The implementations measured, each configured for equivalent checks: signature with the one
 * configured key and algorithm, {@code iss}, {@code aud} and {@code exp} (plus whatever else each
 * library checks by default). Each {@link Validator} throws on a token it refuses.
 */
public final class Validators {

  /** One way of validating a token; throws when the token is refused. */
  public interface Validator {
    Object validate(String token) throws Exception;
  }

  /** Implementations and the algorithms each supports (as measured here). */
  public static final Map<String, String> IMPLEMENTATIONS = new java.util.LinkedHashMap<>();

  static {
    IMPLEMENTATIONS.put("floor", "RS256,PS256,ES256,EdDSA,HS256");
    IMPLEMENTATIONS.put("authkit-cold", "RS256,PS256,ES256,EdDSA,HS256");
    IMPLEMENTATIONS.put("authkit-warm", "RS256,PS256,ES256,EdDSA,HS256");
    IMPLEMENTATIONS.put("authkit-nocache", "RS256,HS256");
    IMPLEMENTATIONS.put("floor-bc", "ES256,EdDSA");
    IMPLEMENTATIONS.put("authkit-cold-jdkcrypto", "ES256,EdDSA");
    IMPLEMENTATIONS.put("nimbus", "RS256,PS256,ES256,EdDSA,HS256");
    IMPLEMENTATIONS.put("spring", "RS256,PS256,ES256,HS256");
    IMPLEMENTATIONS.put("auth0", "RS256,ES256,HS256");
    IMPLEMENTATIONS.put("jose4j", "RS256,PS256,ES256,EdDSA,HS256");
    IMPLEMENTATIONS.put("jjwt", "RS256,PS256,ES256,EdDSA,HS256");
  }

  private Validators() {}

  /** Builds the named implementation for the fixture's algorithm. */
  public static Validator create(String implementation, Fixture fixture) throws Exception {
    switch (implementation) {
      case "floor":
        return floor(fixture, null);
      case "floor-bc":
        return floor(fixture, bouncyCastle());
      case "authkit-cold":
      case "authkit-warm":
        return authkit(fixture, true)::authenticate;
      case "authkit-cold-jdkcrypto":
        // Read once by authkit when its first key is loaded, in this fresh benchmark fork.
        System.setProperty("authkit.crypto.bouncycastle", "false");
        return authkit(fixture, true)::authenticate;
      case "authkit-nocache":
        return authkit(fixture, false)::authenticate;
      case "nimbus":
        return nimbus(fixture);
      case "spring":
        return spring(fixture);
      case "auth0":
        return auth0(fixture);
      case "jose4j":
        return jose4j(fixture);
      case "jjwt":
        return jjwt(fixture);
      default:
        throw new IllegalArgumentException("unknown implementation " + implementation);
    }
  }

  /** authkit with its defaults (the verified-token cache on unless {@code cache} is false). */
  public static JwtAuthenticator authkit(Fixture fixture, boolean cache) {
    JwtAuthenticator.Builder builder = JwtAuthenticator.builder()
        .issuer(Fixture.ISSUER)
        .audience(Fixture.AUDIENCE);
    if (fixture.secret != null) {
      builder.hmacKey(fixture.secret);
    } else {
      builder.keySource(StaticKeys.of(new JWKSet(fixture.publicJwk)));
    }
    if (!cache) {
      builder.disableVerifiedTokenCache();
    }
    return builder.build();
  }

  /**
   * The floor: the JDK's {@code Signature.verify} (or {@code Mac}) over the signing input with an
   * instance initialised once per thread, plus base64url-decoding the signature and the payload
   * and parsing the payload with Jackson into a {@code Map}. No claim checks.
   */
  private static Validator floor(Fixture fixture, Provider provider) throws Exception {
    Base64.Decoder decoder = Base64.getUrlDecoder();
    ObjectMapper json = new ObjectMapper();
    if (fixture.secret != null) {
      ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(fixture.secret);
          return mac;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      return token -> {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        byte[] expected = macs.get().doFinal(token.substring(0, second).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, decoder.decode(token.substring(second + 1)))) {
          throw new SecurityException("bad signature");
        }
        return json.readValue(decoder.decode(token.substring(first + 1, second)), Map.class);
      };
    }
    String name;
    PSSParameterSpec pss = null;
    switch (fixture.algorithmName) {
      case "RS256":
        name = "SHA256withRSA";
        break;
      case "PS256":
        name = "RSASSA-PSS";
        pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        break;
      case "ES256":
        name = provider == null ? "SHA256withECDSAinP1363Format" : "SHA256withPLAIN-ECDSA";
        break;
      default:
        name = "Ed25519";
    }
    PSSParameterSpec parameters = pss;
    ThreadLocal<Signature> signatures = ThreadLocal.withInitial(() -> {
      try {
        Signature signature = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
        if (parameters != null) {
          signature.setParameter(parameters);
        }
        signature.initVerify(provider == null ? fixture.publicKey
            : java.security.KeyFactory.getInstance(fixture.publicKey.getAlgorithm().equals("EC") ? "EC" : "Ed25519", provider)
                .generatePublic(new java.security.spec.X509EncodedKeySpec(fixture.publicKey.getEncoded())));
        return signature;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    return token -> {
      int first = token.indexOf('.');
      int second = token.indexOf('.', first + 1);
      Signature signature = signatures.get();
      signature.update(token.substring(0, second).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (!signature.verify(decoder.decode(token.substring(second + 1)))) {
        throw new SecurityException("bad signature");
      }
      return json.readValue(decoder.decode(token.substring(first + 1, second)), Map.class);
    };
  }

  /**
   * Nimbus 10: {@code DefaultJWTProcessor} with a {@code JWSVerificationKeySelector} over an
   * {@code ImmutableJWKSet} and {@code DefaultJWTClaimsVerifier} (iss exact, aud, exp; sub, iat
   * required). Ed25519: the processor cannot select OKP keys, so {@code SignedJWT} with a cached
   * {@code Ed25519Verifier} (Google Tink) and the same claims verifier.
   */
  private static Validator nimbus(Fixture fixture) throws Exception {
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Fixture.AUDIENCE,
        new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(), Set.of("sub", "exp", "iat"));
    if (fixture.algorithm.equals(JWSAlgorithm.EdDSA)) {
      Ed25519Verifier verifier = new Ed25519Verifier((OctetKeyPair) fixture.publicJwk);
      return token -> {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(verifier)) {
          throw new SecurityException("bad signature");
        }
        JWTClaimsSet set = jwt.getJWTClaimsSet();
        claims.verify(set, null);
        return set;
      };
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    if (fixture.secret != null) {
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(fixture.algorithm,
          new ImmutableSecret<>(fixture.secret)));
    } else {
      processor.setJWSKeySelector(new JWSVerificationKeySelector<>(fixture.algorithm,
          new ImmutableJWKSet<>(new JWKSet(fixture.publicJwk))));
    }
    processor.setJWTClaimsSetVerifier(claims);
    return token -> processor.process(token, null);
  }

  /**
   * Spring Security 7 {@code NimbusJwtDecoder}: its builders (RSA public key, secret key, or a JWK
   * source for ES256/PS256), default validators plus issuer and audience.
   */
  private static Validator spring(Fixture fixture) {
    NimbusJwtDecoder decoder;
    switch (fixture.algorithmName) {
      case "RS256":
        decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) fixture.publicKey)
            .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        break;
      case "HS256":
        decoder = NimbusJwtDecoder.withSecretKey(fixture.secret).macAlgorithm(MacAlgorithm.HS256).build();
        break;
      default:
        decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(fixture.publicJwk)))
            .jwsAlgorithm(SignatureAlgorithm.from(fixture.algorithmName)).build();
    }
    decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.<OAuth2TokenValidator<Jwt>>of(
        new JwtIssuerValidator(Fixture.ISSUER), new JwtAudienceValidator(Fixture.AUDIENCE))));
    return decoder::decode;
  }

  /** auth0 java-jwt 4: {@code JWT.require(alg).withIssuer().withAudience()} (exp checked by default). */
  private static Validator auth0(Fixture fixture) {
    Algorithm algorithm;
    switch (fixture.algorithmName) {
      case "RS256":
        algorithm = Algorithm.RSA256((RSAPublicKey) fixture.publicKey, null);
        break;
      case "ES256":
        algorithm = Algorithm.ECDSA256((ECPublicKey) fixture.publicKey, null);
        break;
      default:
        algorithm = Algorithm.HMAC256(fixture.secret.getEncoded());
    }
    com.auth0.jwt.interfaces.JWTVerifier verifier = JWT.require(algorithm)
        .withIssuer(Fixture.ISSUER).withAudience(Fixture.AUDIENCE).build();
    return verifier::verify;
  }

  /** jose4j: {@code JwtConsumer} with exp, iss, aud, sub required and the one algorithm permitted. */
  private static Validator jose4j(Fixture fixture) {
    String alg = fixture.algorithmName;
    JwtConsumer consumer = new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setRequireSubject()
        .setExpectedIssuer(Fixture.ISSUER)
        .setExpectedAudience(Fixture.AUDIENCE)
        .setVerificationKey(fixture.secret != null ? new HmacKey(fixture.secret.getEncoded()) : fixture.publicKey)
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
        .build();
    return consumer::processToClaims;
  }

  /** jjwt 0.13: {@code Jwts.parser().verifyWith(key).requireIssuer().requireAudience()} (exp by default). */
  private static Validator jjwt(Fixture fixture) {
    io.jsonwebtoken.JwtParserBuilder builder = Jwts.parser()
        .requireIssuer(Fixture.ISSUER)
        .requireAudience(Fixture.AUDIENCE);
    if (fixture.secret != null) {
      builder.verifyWith(fixture.secret);
    } else {
      builder.verifyWith(fixture.publicKey);
    }
    JwtParser parser = builder.build();
    return parser::parseSignedClaims;
  }

  private static Provider bouncyCastle() throws Exception {
    return (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
        .getDeclaredConstructor().newInstance();
  }

}
