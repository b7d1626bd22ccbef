package dev.authkit.samples.orders;

import java.io.PrintStream;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both samples' {@code main} methods do: read the options, start, print the banner with the
 * ready-to-paste {@code curl} commands, and stop cleanly on Ctrl-C / SIGTERM.
 */
public final class Launcher {

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  /** Starts a sample on a port; a {@link BindException} anywhere in the cause chain means the port is taken. */
  @FunctionalInterface
  public interface Starter {
    /**
     * Starts the server.
     *
     * @param options the options
     * @param port the port to bind (0: any free port)
     * @param security the started credentials side
     * @return the running sample
     * @throws Exception when it cannot start
     */
    RunningSample start(SampleOptions options, int port, SampleSecurity security) throws Exception;
  }

  /**
   * Runs a sample until the JVM is stopped.
   *
   * @param name e.g. {@code orders-servlet (Jetty 12, Jakarta EE 11)}
   * @param args the command line
   * @param starter starts the server
   */
  public static void main(String name, String[] args, Starter starter) {
    SampleOptions options;
    try {
      options = SampleOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(SampleOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(SampleOptions.USAGE);
      return;
    }
    RunningSample sample;
    try {
      sample = start(options, starter);
    } catch (Exception e) {
      LOG.error("{} could not start: {}", name, e.toString());
      String issuer = options.issuer();
      if (issuer != null && issuer.startsWith("http:") && !options.insecureAllowHttpOnLoopback()) {
        LOG.error("the issuer {} is plain HTTP: keys are fetched over HTTPS only; for a local test identity "
            + "provider on loopback add --insecure-allow-http-on-loopback", issuer);
      }
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sample.close();
      stopped.countDown();
    }, "sample-shutdown"));
    printBanner(System.out, name, sample);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts the credentials side, then the server: on the asked port, or when the default port is
   * taken (and no port was asked for) on a free one, with a warning.
   *
   * @param options the options
   * @param starter starts the server
   * @return the running sample
   * @throws Exception when it cannot start; the credentials side is closed again
   */
  public static RunningSample start(SampleOptions options, Starter starter) throws Exception {
    SampleSecurity security = SampleSecurity.start(options);
    try {
      try {
        return starter.start(options, options.port(), security);
      } catch (Exception e) {
        if (!isBindFailure(e) || options.portExplicit() || options.port() == 0) {
          throw e;
        }
        LOG.warn("port {} is taken; listening on a free port instead (choose one with --port N or ORDERS_PORT=N)",
            options.port());
        return starter.start(options, 0, security);
      }
    } catch (Exception | Error e) {
      security.close();
      throw e;
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prints the start-up banner: where the API listens, its endpoints, and the ready-to-paste requests.
   *
   * @param out where to print
   * @param name the sample's name
   * @param sample the running sample
   */
  public static void printBanner(PrintStream out, String name, RunningSample sample) {
    SampleSecurity security = sample.security();
    StringBuilder text = new StringBuilder();
    text.append('\n');
    text.append("=== ").append(name).append(" listening on ").append(sample.baseUri()).append(" ===\n");
    if (security.devMode()) {
      text.append("DEVELOPMENT MODE - DEVELOPMENT ONLY. Embedded issuer ").append(security.issuer())
          .append(" (audience ").append(security.audience()).append("); demo tokens valid for ")
          .append(SampleSecurity.DEV_TOKEN_LIFETIME.toHours()).append(" h.\n");
      text.append("For a real identity provider: --issuer <url> --audience <aud> (see --help).\n");
    } else {
      text.append("Issuer ").append(security.issuer()).append(", audience ").append(security.audience())
          .append(". Get a token from your identity provider and send it as 'Authorization: Bearer <token>'.\n");
    }
    text.append("Endpoints: GET /health (open), GET /v1/orders (scope orders:read), POST /v1/orders (scope orders:write),\n");
    text.append("           GET /v1/admin/stats (role admin). Callers see their own tenant's orders only.\n");
    text.append("Try:\n");
    for (SampleSecurity.Example example : security.examples(sample.baseUri())) {
      text.append("  # expect ").append(example.expectedStatus()).append(": ").append(example.description()).append('\n');
      text.append("  ").append(example.curl()).append('\n');
    }
    if (security.devMode()) {
      text.append("  # more with alice's token: POST -H 'Content-Type: application/json' -d '{\"item\":\"cups\",\"quantity\":4}'"
          + " to /v1/orders (201), GET /v1/admin/stats (200)\n");
    }
    text.append("Stop with Ctrl-C.\n");
    out.print(text);
    out.flush();
  }
}
