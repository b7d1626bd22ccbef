package dev.authkit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1 (Servlet 6.0). */
final class TomcatContainer implements EmbeddedContainer {

  private Tomcat tomcat;
  private int maxRequestHeaderBytes;

  @Override
  public EmbeddedContainer maxRequestHeaderBytes(int bytes) {
    this.maxRequestHeaderBytes = bytes;
    return this;
  }

  @Override
  public int start(Filter filter, HttpServlet servlet) throws Exception {
    FilterDef definition = new FilterDef();
    definition.setFilter(filter);
    return start(definition, servlet);
  }

  @Override
  public int startConfigured(Map<String, String> initParameters, HttpServlet servlet) throws Exception {
    FilterDef definition = new FilterDef();
    definition.setFilterClass(AuthKitFilter.class.getName());
    initParameters.forEach(definition::addInitParameter);
    return start(definition, servlet);
  }

  private int start(FilterDef definition, HttpServlet servlet) throws Exception {
    tomcat = new Tomcat();
    Path base = Files.createTempDirectory("authkit-tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    if (maxRequestHeaderBytes > 0) {
      connector.setProperty("maxHttpHeaderSize", Integer.toString(maxRequestHeaderBytes));
      connector.setProperty("maxHttpRequestHeaderSize", Integer.toString(maxRequestHeaderBytes));
      connector.setProperty("maxHeaderCount", "100000");
    }
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "app", servlet);
    context.addServletMappingDecoded("/*", "app");
    definition.setFilterName("authkit");
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("authkit");
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
    tomcat.start();
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public String name() {
    return "Tomcat 10.1";
  }

  @Override
  public void close() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
