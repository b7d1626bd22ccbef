package dev.authkit.samples.orders;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The samples' command line. Without {@code --issuer} the sample runs in development mode (an
 * embedded issuer on loopback); with {@code --issuer} and {@code --audience} it verifies tokens of
 * a real identity provider, with production rules (keys over HTTPS, credentials over HTTPS).
 * Every option also reads an environment variable; the command line wins. Immutable.
 */
public final class SampleOptions {

  /** The port the sample listens on unless told otherwise: 8080 (a free one when 8080 is taken). */
  public static final int DEFAULT_PORT = 8080;

  /** The usage text printed by {@code --help} and after a bad option. */
  public static final String USAGE = String.join("\n",
      "usage: ./samples/run.sh [servlet|jaxrs] [options]",
      "",
      "  (no options)                development mode: embedded issuer on loopback, demo tokens and API key,",
      "                              ready-to-paste curl commands. DEVELOPMENT ONLY.",
      "  --port N                    listen on port N (env ORDERS_PORT; default 8080, a free port if 8080",
      "                              is taken; 0 = any free port)",
      "  --host ADDRESS              listen address (env ORDERS_HOST; default 127.0.0.1; real mode only)",
      "  --issuer URL                real mode: the issuer identifier of your identity provider",
      "                              (env AUTHKIT_ISSUER); keys come from its discovery document",
      "  --audience AUD              real mode: the audience tokens must carry (env AUTHKIT_AUDIENCE)",
      "  --trusted-proxy ADDRESS     real mode: a TLS-terminating proxy whose X-Forwarded-Proto is believed",
      "                              (repeatable; env AUTHKIT_TRUSTED_PROXIES, comma-separated)",
      "  --insecure-allow-http-on-loopback    real mode, local test identity providers only: fetch keys",
      "                              over plain HTTP from a loopback issuer (env AUTHKIT_INSECURE_ALLOW_HTTP_ON_LOOPBACK=true)",
      "  --insecure-allow-http-from-loopback  real mode, local testing only: accept credentials over plain",
      "                              HTTP from loopback callers (env AUTHKIT_INSECURE_ALLOW_HTTP_FROM_LOOPBACK=true)",
      "  --help                      this text");

  private final String host;
  private final int port;
  private final boolean portExplicit;
  private final @Nullable String issuer;
  private final @Nullable String audience;
  private final List<String> trustedProxies;
  private final boolean insecureAllowHttpOnLoopback;
  private final boolean insecureAllowHttpFromLoopback;
  private final boolean help;

  private SampleOptions(String host, int port, boolean portExplicit, @Nullable String issuer,
      @Nullable String audience, List<String> trustedProxies, boolean insecureAllowHttpOnLoopback,
      boolean insecureAllowHttpFromLoopback, boolean help) {
    this.host = host;
    this.port = port;
    this.portExplicit = portExplicit;
    this.issuer = issuer;
    this.audience = audience;
    this.trustedProxies = List.copyOf(trustedProxies);
    this.insecureAllowHttpOnLoopback = insecureAllowHttpOnLoopback;
    this.insecureAllowHttpFromLoopback = insecureAllowHttpFromLoopback;
    this.help = help;
  }

  /**
   * Reads the command line and the environment.
   *
   * @param args the command-line arguments
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the options
   * @throws IllegalArgumentException naming the bad or missing option
   */
  public static SampleOptions parse(String[] args, Map<String, String> env) {
    String host = env.get("ORDERS_HOST");
    String portText = env.get("ORDERS_PORT");
    String issuer = env.get("AUTHKIT_ISSUER");
    String audience = env.get("AUTHKIT_AUDIENCE");
    List<String> proxies = new ArrayList<>();
    String proxyEnv = env.get("AUTHKIT_TRUSTED_PROXIES");
    if (proxyEnv != null && !proxyEnv.isBlank()) {
      Arrays.stream(proxyEnv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(proxies::add);
    }
    boolean httpOnLoopback = "true".equalsIgnoreCase(env.get("AUTHKIT_INSECURE_ALLOW_HTTP_ON_LOOPBACK"));
    boolean httpFromLoopback = "true".equalsIgnoreCase(env.get("AUTHKIT_INSECURE_ALLOW_HTTP_FROM_LOOPBACK"));
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port" -> portText = value(args, ++i, arg);
        case "--host" -> host = value(args, ++i, arg);
        case "--issuer" -> issuer = value(args, ++i, arg);
        case "--audience" -> audience = value(args, ++i, arg);
        case "--trusted-proxy" -> proxies.add(value(args, ++i, arg));
        case "--insecure-allow-http-on-loopback" -> httpOnLoopback = true;
        case "--insecure-allow-http-from-loopback" -> httpFromLoopback = true;
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    boolean portExplicit = portText != null && !portText.isBlank();
    int port = portExplicit ? parsePort(portText) : DEFAULT_PORT;
    boolean real = issuer != null && !issuer.isBlank();
    if (!real && audience != null && !audience.isBlank()) {
      throw new IllegalArgumentException("--audience (AUTHKIT_AUDIENCE) needs --issuer (AUTHKIT_ISSUER)");
    }
    if (real && (audience == null || audience.isBlank())) {
      throw new IllegalArgumentException("--issuer needs --audience (AUTHKIT_AUDIENCE): the audience your API's tokens carry");
    }
    if (!real && (httpOnLoopback || httpFromLoopback || !proxies.isEmpty())) {
      throw new IllegalArgumentException("--insecure-* and --trusted-proxy apply to real mode (--issuer) only; "
          + "development mode already allows plain HTTP on loopback");
    }
    if (host == null || host.isBlank()) {
      host = "127.0.0.1";
    } else if (!real && !isLoopback(host)) {
      throw new IllegalArgumentException("development mode listens on loopback only; --host " + host
          + " needs real mode (--issuer)");
    }
    return new SampleOptions(host, port, portExplicit, real ? issuer : null, real ? audience : null, proxies,
        httpOnLoopback, httpFromLoopback, help);
  }

  /** Development mode on a free loopback port: for tests. */
  public static SampleOptions devOnFreePort() {
    return parse(new String[] {"--port", "0"}, Map.of());
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + text);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Returns the listen address. */
  public String host() {
    return host;
  }

  /** Returns the port to try first (0: any free port). */
  public int port() {
    return port;
  }

  /** Returns whether the port was asked for ({@code --port}, {@code ORDERS_PORT}); if not, a taken default falls back to a free port. */
  public boolean portExplicit() {
    return portExplicit;
  }

  /** Returns whether this is development mode (no {@code --issuer}). */
  public boolean devMode() {
    return issuer == null;
  }

  /** Returns the real issuer, or null in development mode. */
  public @Nullable String issuer() {
    return issuer;
  }

  /** Returns the real audience, or null in development mode. */
  public @Nullable String audience() {
    return audience;
  }

  /** Returns the trusted proxies' addresses; unmodifiable. */
  public List<String> trustedProxies() {
    return trustedProxies;
  }

  /** Returns whether keys may come over plain HTTP from a loopback issuer (real mode). */
  public boolean insecureAllowHttpOnLoopback() {
    return insecureAllowHttpOnLoopback;
  }

  /** Returns whether credentials may arrive over plain HTTP from loopback callers (real mode). */
  public boolean insecureAllowHttpFromLoopback() {
    return insecureAllowHttpFromLoopback;
  }

  /** Returns whether {@code --help} was given. */
  public boolean help() {
    return help;
  }
}
