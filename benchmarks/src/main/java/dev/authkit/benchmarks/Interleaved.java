package dev.authkit.benchmarks;

import dev.authkit.benchmarks.jwt.Fixture;
import dev.authkit.benchmarks.jwt.Validators;
import dev.authkit.jwt.JwtAuthenticator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A load-robust companion to the JMH run for a shared machine: all implementations of one algorithm
 * in one JVM, measured in short batches taken in turn (shuffled each round), on the thread's CPU
 * time ({@code ThreadMXBean}) rather than wall time, with the median batch per implementation. A
 * neighbour's load then slows every implementation alike instead of whichever fork ran at the
 * wrong moment. Not a JMH benchmark (no fork per implementation; JIT profiles are shared), so read
 * it beside the JMH table. Usage: {@code Interleaved [--rounds N] [--batch-ms M] [--algs RS256,HS256]}.
 */
public final class Interleaved {

  private static final List<String> IMPLEMENTATIONS = List.of("floor", "authkit-cold", "authkit-warm", "authkit-nocache", "nimbus",
      "spring", "auth0", "jose4j", "jjwt");

  private Interleaved() {}

  public static void main(String[] args) throws Exception {
    int rounds = 15;
    List<String> algorithms = Fixture.ALGORITHMS;
    long batchNanos = 40_000_000L;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--algs")) {
        algorithms = List.of(args[++i].split(","));
      } else if (args[i].equals("--batch-ms")) {
        batchNanos = Long.parseLong(args[++i]) * 1_000_000L;
      }
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
        "## Interleaved CPU-time comparison, %s %s%n%n%d rounds of ~%d ms batches per implementation, median batch; "
            + "load average %.2f at the start.%n%n| implementation | alg | CPU ns/op | × floor | B/op |%n|---|---|---:|---:|---:|%n",
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rounds, batchNanos / 1_000_000,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    for (String alg : algorithms) {
      Fixture fixture = new Fixture(alg);
      String[] tokens = fixture.tokens(dev.authkit.benchmarks.jwt.JwtValidationBenchmark.pool(alg));
      Map<String, Runner> runners = new LinkedHashMap<>();
      for (String impl : IMPLEMENTATIONS) {
        if (!Arrays.asList(Validators.IMPLEMENTATIONS.get(impl).split(",")).contains(alg)) {
          continue;
        }
        runners.put(impl, new Runner(impl, fixture, tokens));
      }
      for (Runner runner : runners.values()) {
        runner.batch(batchNanos * 5, threads, self); // warm-up
      }
      List<String> order = new ArrayList<>(runners.keySet());
      Random random = new Random(42);
      for (int round = 0; round < rounds; round++) {
        Collections.shuffle(order, random);
        for (String impl : order) {
          runners.get(impl).record(runners.get(impl).batch(batchNanos, threads, self));
        }
      }
      double floor = runners.get("floor").median()[0];
      for (Runner runner : runners.values()) {
        double[] median = runner.median();
        report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f× | %,.0f |%n",
            runner.impl, alg, median[0], median[0] / floor, median[1]));
      }
      System.err.println("done " + alg);
    }
    System.out.println(report);
  }

  private static final class Runner {
    final String impl;
    final Fixture fixture;
    final String[] tokens;
    final Validators.Validator validator;
    JwtAuthenticator cold;
    int next;
    final List<double[]> batches = new ArrayList<>();

    Runner(String impl, Fixture fixture, String[] tokens) throws Exception {
      this.impl = impl;
      this.fixture = fixture;
      this.tokens = tokens;
      Validators.Validator checked = Validators.create(impl, fixture);
      checked.validate(tokens[0]);
      boolean refused = false;
      try {
        checked.validate(Fixture.tampered(tokens[0]));
      } catch (Exception e) {
        refused = true;
      }
      if (!refused) {
        throw new IllegalStateException(impl + " accepted a tampered token");
      }
      this.validator = impl.equals("authkit-cold") ? null : checked;
      this.cold = Validators.authkit(fixture, true);
    }

    /** Runs for about {@code nanos} of wall time; returns {CPU ns/op, B/op}. */
    double[] batch(long nanos, com.sun.management.ThreadMXBean threads, long self) throws Exception {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long bytes0 = threads.getThreadAllocatedBytes(self);
      long end = System.nanoTime() + nanos;
      int ops = 0;
      Object sink = null;
      do {
        for (int i = 0; i < 16; i++) {
          sink = one();
          ops++;
        }
      } while (System.nanoTime() < end);
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long bytes = threads.getThreadAllocatedBytes(self) - bytes0;
      if (sink == null) {
        throw new IllegalStateException();
      }
      return new double[] {(double) cpu / ops, (double) bytes / ops};
    }

    private Object one() throws Exception {
      if (impl.equals("authkit-warm")) {
        return validator.validate(tokens[0]);
      }
      String token = tokens[next];
      next = (next + 1) % tokens.length;
      if (validator != null) {
        return validator.validate(token);
      }
      if (next == 0) {
        cold = Validators.authkit(fixture, true); // each authenticator sees each token once
      }
      return cold.authenticate(token);
    }

    void record(double[] batch) {
      batches.add(batch);
    }

    double[] median() {
      double[] cpu = batches.stream().mapToDouble(b -> b[0]).sorted().toArray();
      double[] bytes = batches.stream().mapToDouble(b -> b[1]).sorted().toArray();
      return new double[] {cpu[cpu.length / 2], bytes[bytes.length / 2]};
    }
  }
}
