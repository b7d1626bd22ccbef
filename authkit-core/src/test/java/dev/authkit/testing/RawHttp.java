package dev.authkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a raw socket, for headers a real client would normalise or refuse
 * (duplicates, tabs, NBSP, huge values). Header bytes are written as UTF-8 exactly as given. Shared by
 * the servlet and JAX-RS adapter suites.
 */
public final class RawHttp {

  /** A response: status, headers, body. */
  public record Response(int status, List<Map.Entry<String, String>> headers, String body) {
    /** Returns every value of a header, case-insensitive name, in order received. */
    public List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      headers.forEach(h -> {
        if (h.getKey().equalsIgnoreCase(name)) {
          values.add(h.getValue());
        }
      });
      return values;
    }
  }

  private RawHttp() {}

  /** Sends one request to 127.0.0.1:{@code port} with {@code Connection: close} and reads the whole response. */
  public static Response send(int port, String method, String path, List<Map.Entry<String, String>> headers)
      throws IOException {
    return sendRaw(port, request(port, method, path, headers).getBytes(StandardCharsets.UTF_8), method.equals("HEAD"));
  }

  /** The request text {@link #send} writes (as UTF-8). */
  public static String request(int port, String method, String path, List<Map.Entry<String, String>> headers) {
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n").append("Connection: close\r\n");
    if (method.equals("POST")) {
      request.append("Content-Length: 0\r\n");
    }
    for (Map.Entry<String, String> header : headers) {
      request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    request.append("\r\n");
    return request.toString();
  }

  /**
   * Writes {@code request} bytes as they are (any bytes: non-UTF-8, NUL, megabytes) and reads the
   * answer. A server may answer and close before the whole request is written (an oversized
   * header): the write failure is then ignored and what the server answered is read.
   */
  public static Response sendRaw(int port, byte[] request) throws IOException {
    return sendRaw(port, request, false);
  }

  private static Response sendRaw(int port, byte[] request, boolean head) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (java.net.SocketException closedEarly) {
        // the server refused mid-request; its answer (if any) is still in the receive buffer
      }
      return read(socket.getInputStream(), head);
    }
  }

  private static Response read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    try {
      while ((n = in.read(buffer)) >= 0) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a container may reset after answering an oversized request; keep what arrived
    }
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
      throw new IOException("no complete HTTP response: " + text.length() + " bytes");
    }
    String[] lines = text.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
    }
    String body = head ? "" : text.substring(headerEnd + 4);
    boolean chunked = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
        && h.getValue().equalsIgnoreCase("chunked"));
    if (chunked) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int position = 0;
    while (position < body.length()) {
      int lineEnd = body.indexOf("\r\n", position);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(position, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      position = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
