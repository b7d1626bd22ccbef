package dev.authkit.jaxrs;

import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/** RESTEasy 6.2 on Undertow. */
final class ResteasyRuntime implements JaxrsRuntime {

  /** Exposes the Undertow instance, to read the port it bound. */
  private static final class Server extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }

  private Server server;

  @Override
  public int start(Application application) {
    server = new Server();
    server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
    server.deploy(application, "/");
    return server.port();
  }

  @Override
  public int startMutualTls(Application application, SSLContext tls) {
    server = new Server();
    server.start(Undertow.builder().addHttpsListener(0, "127.0.0.1", tls)
        .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED));
    server.deploy(application, "/");
    return server.port();
  }

  @Override
  public String name() {
    return "RESTEasy 6.2 (Undertow)";
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
