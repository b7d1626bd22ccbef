package dev.authkit.samples.orders;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code curl} commands a sample prints at start-up, read back from its banner and sent with
 * {@code java.net.http} exactly as printed (method, headers, URL), so a test proves what a user
 * pastes works. Shared by the samples' tests.
 */
public final class PrintedRequests {

  private static final Pattern EXPECT = Pattern.compile("^\\s*# expect (\\d{3}): .*$");
  private static final Pattern HEADER = Pattern.compile("-H '([^']*)'");
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();  // as curl sends them

  private PrintedRequests() {}

  /**
   * One printed command.
   *
   * @param expectedStatus the status the banner says it gets
   * @param curl the command as printed
   */
  public record Printed(int expectedStatus, String curl) {

    /** Sends the command with java.net.http: its {@code -X} method (default GET), {@code -H} headers and URL. */
    public HttpResponse<String> send() throws Exception {
      String[] words = curl.trim().split("\\s+");
      URI uri = URI.create(words[words.length - 1]);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
      Matcher header = HEADER.matcher(curl);
      while (header.find()) {
        String[] nameValue = header.group(1).split(":\\s*", 2);
        request.header(nameValue[0], nameValue[1]);
      }
      Matcher method = Pattern.compile("-X (\\w+)").matcher(curl);
      request.method(method.find() ? method.group(1) : "GET", HttpRequest.BodyPublishers.noBody());
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Prints the sample's banner and returns its text. */
  public static String banner(String name, RunningSample sample) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Launcher.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), name, sample);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Reads the {@code # expect NNN} / {@code curl ...} pairs of a banner, in order. */
  public static List<Printed> parse(String banner) {
    List<Printed> printed = new ArrayList<>();
    String[] lines = banner.split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher expect = EXPECT.matcher(lines[i]);
      if (expect.matches() && lines[i + 1].trim().startsWith("curl ")) {
        printed.add(new Printed(Integer.parseInt(expect.group(1)), lines[i + 1].trim()));
      }
    }
    return printed;
  }
}
