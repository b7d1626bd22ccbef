package dev.authkit.benchmarks;

import dev.authkit.benchmarks.jwt.Fixture;
import dev.authkit.benchmarks.jwt.JwtThroughputBenchmark;
import dev.authkit.benchmarks.jwt.JwtValidationBenchmark;
import dev.authkit.benchmarks.jwt.Validators;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

/**
 * Runs every JWT implementation for every algorithm it supports, the API-key benchmark and the
 * 1- vs 2-thread throughput, then prints markdown tables: ns/op, ratio to the JDK floor, B/op,
 * tokens/s. Usage (see {@code benchmarks/run.sh}):
 * {@code RunAll [--warmup N] [--iterations N] [--seconds S] [--forks F] [--only impl,impl] [--out file.md]}.
 */
public final class RunAll {

  private static final String ALLOC = "gc.alloc.rate.norm";

  private RunAll() {}

  public static void main(String[] args) throws RunnerException, IOException {
    int warmup = 2;
    int iterations = 3;
    int seconds = 2;
    int forks = 1;
    List<String> only = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--iterations": iterations = Integer.parseInt(args[++i]); break;
        case "--seconds": seconds = Integer.parseInt(args[++i]); break;
        case "--forks": forks = Integer.parseInt(args[++i]); break;
        case "--only": only = List.of(args[++i].split(",")); break;
        case "--out": out = Path.of(args[++i]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String load = loadAverage();
    Instant started = Instant.now();

    // impl -> alg -> result
    Map<String, Map<String, RunResult>> latency = new LinkedHashMap<>();
    for (Map.Entry<String, String> impl : Validators.IMPLEMENTATIONS.entrySet()) {
      if (only != null && !only.contains(impl.getKey())) {
        continue;
      }
      ChainedOptionsBuilder options = base(warmup, iterations, seconds, forks)
          .include(JwtValidationBenchmark.class.getName() + ".validate")
          .param("impl", impl.getKey())
          .param("alg", impl.getValue().split(","))
          .addProfiler(GCProfiler.class);
      for (RunResult result : run(options)) {
        latency.computeIfAbsent(impl.getKey(), k -> new LinkedHashMap<>())
            .put(result.getParams().getParam("alg"), result);
      }
    }

    Map<String, RunResult> apiKeys = new LinkedHashMap<>();
    if (only == null || only.contains("apikey")) {
      for (RunResult result : run(base(warmup, iterations, seconds, forks)
          .include(ApiKeyVerificationBenchmark.class.getName() + ".(cachedKey|uncachedH2)$")
          .addProfiler(GCProfiler.class))) {
        apiKeys.put(result.getParams().getBenchmark().replaceAll(".*\\.", ""), result);
      }
    }

    // what -> threads -> result
    Map<String, Map<Integer, RunResult>> throughput = new LinkedHashMap<>();
    if (only == null || only.contains("threads")) {
      for (int threads : new int[] {1, 2}) {
        for (RunResult result : run(base(warmup, iterations, seconds, forks)
            .include(JwtThroughputBenchmark.class.getName() + ".validate")
            .param("impl", "floor", "authkit-warm", "authkit-nocache", "nimbus")
            .param("alg", "RS256")
            .threads(threads))) {
          throughput.computeIfAbsent(result.getParams().getParam("impl") + " RS256", k -> new LinkedHashMap<>())
              .put(threads, result);
        }
        for (RunResult result : run(base(warmup, iterations, seconds, forks)
            .include(ApiKeyVerificationBenchmark.class.getName() + ".cachedKey$")
            .mode(Mode.Throughput)
            .timeUnit(java.util.concurrent.TimeUnit.SECONDS)
            .threads(threads))) {
          throughput.computeIfAbsent("API key, cached", k -> new LinkedHashMap<>()).put(threads, result);
        }
      }
    }

    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "## JWT validation, %s %s, started %s%n%n",
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), started));
    report.append(String.format(Locale.ROOT,
        "%d cores, load average before the run %s; JMH %d fork(s), warm-up %d x %d s, measurement %d x %d s. "
            + "± is JMH's 99.9%% confidence half-width.%n%n",
        Runtime.getRuntime().availableProcessors(), load, forks, warmup, seconds, iterations, seconds));
    report.append("### Average time per token, ns/op\n\n");
    header(report);
    for (Map.Entry<String, Map<String, RunResult>> row : latency.entrySet()) {
      report.append("| ").append(label(row.getKey())).append(" |");
      for (String alg : Fixture.ALGORITHMS) {
        RunResult result = row.getValue().get(alg);
        report.append(' ').append(result == null ? "" : format(result.getPrimaryResult())).append(" |");
      }
      report.append('\n');
    }
    report.append("\n### Best measurement iteration, ns/op (robust to the odd slow iteration of a shared machine)\n\n");
    header(report);
    for (Map.Entry<String, Map<String, RunResult>> row : latency.entrySet()) {
      report.append("| ").append(label(row.getKey())).append(" |");
      for (String alg : Fixture.ALGORITHMS) {
        RunResult result = row.getValue().get(alg);
        report.append(' ').append(result == null ? "" : String.format(Locale.ROOT, "%,.0f", best(result))).append(" |");
      }
      report.append('\n');
    }
    report.append("\n### Ratio to the JDK floor (same algorithm, same run): mean (best iteration)\n\n");
    header(report);
    Map<String, RunResult> floor = latency.getOrDefault("floor", Map.of());
    for (Map.Entry<String, Map<String, RunResult>> row : latency.entrySet()) {
      report.append("| ").append(label(row.getKey())).append(" |");
      for (String alg : Fixture.ALGORITHMS) {
        RunResult result = row.getValue().get(alg);
        RunResult base = floor.get(alg);
        report.append(' ').append(result == null || base == null ? ""
            : String.format(Locale.ROOT, "%.2f× (%.2f×)", result.getPrimaryResult().getScore() / base.getPrimaryResult().getScore(),
                best(result) / best(base)))
            .append(" |");
      }
      report.append('\n');
    }
    report.append("\n### Allocation per token, B/op (`-prof gc`, gc.alloc.rate.norm)\n\n");
    header(report);
    for (Map.Entry<String, Map<String, RunResult>> row : latency.entrySet()) {
      report.append("| ").append(label(row.getKey())).append(" |");
      for (String alg : Fixture.ALGORITHMS) {
        RunResult result = row.getValue().get(alg);
        Result<?> alloc = result == null ? null : result.getSecondaryResults().get(ALLOC);
        report.append(' ').append(alloc == null ? "" : String.format(Locale.ROOT, "%,.0f", alloc.getScore())).append(" |");
      }
      report.append('\n');
    }
    if (!apiKeys.isEmpty()) {
      report.append("\n### API keys\n\n| benchmark | ns/op | B/op |\n|---|---:|---:|\n");
      for (Map.Entry<String, RunResult> row : apiKeys.entrySet()) {
        Result<?> alloc = row.getValue().getSecondaryResults().get(ALLOC);
        report.append("| `").append(row.getKey()).append("` | ").append(format(row.getValue().getPrimaryResult()))
            .append(" | ").append(alloc == null ? "" : String.format(Locale.ROOT, "%,.0f", alloc.getScore())).append(" |\n");
      }
    }
    if (!throughput.isEmpty()) {
      report.append("\n### One instance shared by 1 and 2 threads, ops/s\n\n"
          + "| what | 1 thread | 2 threads | 2 / 1 |\n|---|---:|---:|---:|\n");
      for (Map.Entry<String, Map<Integer, RunResult>> row : throughput.entrySet()) {
        RunResult one = row.getValue().get(1);
        RunResult two = row.getValue().get(2);
        report.append("| ").append(row.getKey()).append(" | ")
            .append(one == null ? "" : format(one.getPrimaryResult())).append(" | ")
            .append(two == null ? "" : format(two.getPrimaryResult())).append(" | ")
            .append(one == null || two == null ? "" : String.format(Locale.ROOT, "%.2f×",
                two.getPrimaryResult().getScore() / one.getPrimaryResult().getScore()))
            .append(" |\n");
      }
    }
    report.append(String.format(Locale.ROOT, "%nLoad average after the run: %s%n", loadAverage()));
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    stdout.println();
    stdout.println(report);
    if (out != null) {
      Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    }
  }

  private static ChainedOptionsBuilder base(int warmup, int iterations, int seconds, int forks) {
    return new OptionsBuilder()
        .warmupIterations(warmup)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .forks(forks)
        .shouldFailOnError(false);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  /** The lowest (for time per op) measurement iteration over all forks. */
  private static double best(RunResult result) {
    double best = Double.MAX_VALUE;
    for (org.openjdk.jmh.results.BenchmarkResult benchmark : result.getBenchmarkResults()) {
      for (org.openjdk.jmh.results.IterationResult iteration : benchmark.getIterationResults()) {
        best = Math.min(best, iteration.getPrimaryResult().getScore());
      }
    }
    return best;
  }

  private static void header(StringBuilder report) {
    report.append("| implementation |");
    for (String alg : Fixture.ALGORITHMS) {
      report.append(' ').append(alg).append(" |");
    }
    report.append("\n|---|");
    for (int i = 0; i < Fixture.ALGORITHMS.size(); i++) {
      report.append("---:|");
    }
    report.append('\n');
  }

  private static String format(Result<?> result) {
    double error = result.getScoreError();
    return Double.isNaN(error)
        ? String.format(Locale.ROOT, "%,.0f", result.getScore())
        : String.format(Locale.ROOT, "%,.0f ± %,.0f", result.getScore(), error);
  }

  private static String label(String impl) {
    switch (impl) {
      case "floor": return "JDK floor: `Signature.verify`/`Mac` + base64url + Jackson payload parse";
      case "floor-bc": return "floor with BouncyCastle's provider";
      case "authkit-cold": return "**authkit cold** (defaults; each token seen once)";
      case "authkit-warm": return "**authkit warm** (verified-token cache hit)";
      case "authkit-nocache": return "authkit, cache disabled";
      case "authkit-cold-jdkcrypto": return "authkit cold, BouncyCastle turned off (JDK crypto)";
      case "nimbus": return "Nimbus 10.10 `DefaultJWTProcessor` (EdDSA: `SignedJWT` + Tink `Ed25519Verifier`)";
      case "spring": return "Spring Security 7.1.2 `NimbusJwtDecoder`";
      case "auth0": return "auth0 java-jwt 4.6.2";
      case "jose4j": return "jose4j 0.9.6";
      case "jjwt": return "jjwt 0.13.0";
      default: return impl;
    }
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
  }

}
