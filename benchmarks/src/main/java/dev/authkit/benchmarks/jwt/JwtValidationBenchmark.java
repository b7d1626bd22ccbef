package dev.authkit.benchmarks.jwt;

import dev.authkit.jwt.JwtAuthenticator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time (and, with {@code -prof gc}, allocation) per token validation, one implementation and one
 * algorithm per fork. Every implementation cycles through the same pool of distinct tokens, except
 * {@code authkit-warm}, which validates one token again and again (a verified-token cache hit).
 *
 * <p>{@code authkit-cold} never hits its cache: each authenticator sees each token of the pool once;
 * after a pass over the pool a new authenticator (defaults: cache on, 10,000 entries) replaces it.
 * Building it (vetting the key, first {@code Signature} per thread) is inside the measurement,
 * amortised over the pool, so the figure slightly overstates a real cache miss.
 *
 * <p>Setup checks once that a good token passes and a tampered one is refused.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JwtValidationBenchmark {

  /**
   * Pool size: distinct tokens cycled through. Larger where signing them in setup is cheap, so the
   * cold benchmark's new authenticator per pass is amortised over more tokens (RSA and JDK 17 ECDSA
   * signing cost ~1-2 ms a token).
   */
  public static int pool(String alg) {
    switch (alg) {
      case "HS256":
        return 16384;
      case "EdDSA":
        return 8192;
      default:
        return 2048;
    }
  }

  @Param({"floor"})
  public String impl;

  @Param({"RS256"})
  public String alg;

  private Fixture fixture;
  private String[] tokens;
  private int mask;
  private int next;
  private Validators.Validator validator;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new Fixture(alg);
    boolean warm = impl.equals("authkit-warm");
    tokens = fixture.tokens(warm ? 1 : pool(alg));
    mask = tokens.length - 1;
    Validators.Validator checked = Validators.create(impl, fixture);
    checkOnce(checked, tokens[0]);
    if (impl.startsWith("authkit-cold")) {
      validator = new ColdAuthkit(fixture, tokens.length, impl.equals("authkit-cold-jdkcrypto"));
    } else {
      validator = checked;
    }
  }

  @Benchmark
  public Object validate() throws Exception {
    return validator.validate(tokens[next++ & mask]);
  }

  /** A good token passes, a tampered one is refused: the configuration really verifies. */
  static void checkOnce(Validators.Validator validator, String good) throws Exception {
    if (validator.validate(good) == null) {
      throw new IllegalStateException("no result for a good token");
    }
    boolean refused;
    try {
      validator.validate(Fixture.tampered(good));
      refused = false;
    } catch (Exception | LinkageError e) {
      refused = true;
    }
    if (!refused) {
      throw new IllegalStateException("a tampered token was accepted");
    }
  }

  /** authkit with a fresh authenticator for every pass over the pool: no token is seen twice by one cache. */
  static final class ColdAuthkit implements Validators.Validator {
    private final Fixture fixture;
    private final int pool;
    private JwtAuthenticator current;
    private int seen;

    ColdAuthkit(Fixture fixture, int pool, boolean jdkCrypto) {
      this.fixture = fixture;
      this.pool = pool;
      this.current = Validators.authkit(fixture, true);
    }

    @Override
    public Object validate(String token) {
      if (seen++ == pool) {
        seen = 1;
        current = Validators.authkit(fixture, true);
      }
      return current.authenticate(token);
    }
  }
}
