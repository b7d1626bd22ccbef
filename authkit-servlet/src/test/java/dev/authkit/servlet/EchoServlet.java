package dev.authkit.servlet;

import dev.authkit.AuthPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The application under test: tells what the Servlet API says about the caller. */
final class EchoServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object attribute = request.getAttribute(AuthKitFilter.PRINCIPAL_ATTRIBUTE);
    String body = "subject=" + request.getRemoteUser()
        + ";authType=" + request.getAuthType()
        + ";principal=" + (request.getUserPrincipal() instanceof AuthPrincipal)
        + ";admin=" + request.isUserInRole("admin")
        + ";attribute=" + (attribute instanceof AuthPrincipal ? ((AuthPrincipal) attribute).subject() : null);
    response.setStatus(200);
    response.setContentType("text/plain");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
