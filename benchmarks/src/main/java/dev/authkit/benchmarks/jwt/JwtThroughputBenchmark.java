package dev.authkit.benchmarks.jwt;

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
 * Throughput with one instance shared by all benchmark threads (run with {@code -t 1} and
 * {@code -t 2}): shows whether a lock or a shared hot field stops threads from scaling. Each thread
 * cycles through its own position in a shared pool; {@code authkit-warm} uses one token (every call
 * a cache hit on the same entry), {@code authkit-nocache} has the cache off (the full path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JwtThroughputBenchmark {

  @Param({"floor"})
  public String impl;

  @Param({"RS256"})
  public String alg;

  String[] tokens;
  int mask;
  Validators.Validator validator;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Fixture fixture = new Fixture(alg);
    tokens = fixture.tokens(impl.equals("authkit-warm") ? 1 : 256);
    mask = tokens.length - 1;
    validator = Validators.create(impl, fixture);
    JwtValidationBenchmark.checkOnce(validator, tokens[0]);
  }

  /** Per-thread position in the pool. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 37);
  }

  @Benchmark
  public Object validate(Cursor cursor) throws Exception {
    return validator.validate(tokens[cursor.next++ & mask]);
  }
}
