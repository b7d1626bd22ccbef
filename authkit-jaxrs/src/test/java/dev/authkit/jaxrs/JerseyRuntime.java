package dev.authkit.jaxrs;

import jakarta.ws.rs.core.Application;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** Jersey 3.1 on Grizzly. */
final class JerseyRuntime implements JaxrsRuntime {

  private HttpServer server;

  @Override
  public int start(Application application) {
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        ResourceConfig.forApplication(application), true);
    return server.getListeners().iterator().next().getPort();
  }

  @Override
  public int startMutualTls(Application application, SSLContext tls) {
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("https://127.0.0.1:0/"),
        ResourceConfig.forApplication(application), true, new SSLEngineConfigurator(tls, false, true, false));
    return server.getListeners().iterator().next().getPort();
  }

  @Override
  public String name() {
    return "Jersey 3.1 (Grizzly)";
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
