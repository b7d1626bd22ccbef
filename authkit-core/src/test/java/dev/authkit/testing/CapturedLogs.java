package dev.authkit.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logback appender for whole test runs ({@code logback-test.xml} attaches it to the
 * {@code dev.authkit} logger at TRACE): every line authkit's own loggers emit, from every test and
 * every thread, is rendered (message with arguments, MDC, key-value pairs, the throwable chain)
 * and scanned by {@link SecretScanner}. A line that holds a credential is a violation;
 * {@link NoSecretsInLogsExtension} fails the test during which it was logged. Tests that want the
 * lines themselves open a {@link #record() recording}.
 *
 * <p>The containers' own loggers (Jetty, Tomcat, WireMock) are not authkit's to control and are not
 * attached. Thread-safe.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

  /** One captured line. */
  public record Line(String level, String logger, String thread, String text) {
    @Override
    public String toString() {
      return level + " [" + thread + "] " + logger + " - " + SecretScanner.masked(text);
    }
  }

  private static final AtomicLong LINES = new AtomicLong();
  private static final List<Line> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static final List<List<Line>> RECORDINGS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    Line line = new Line(event.getLevel().toString(), event.getLoggerName(), event.getThreadName(), render(event));
    LINES.incrementAndGet();
    if (!SecretScanner.leaks(line.text()).isEmpty()) {
      VIOLATIONS.add(line);
    }
    for (List<Line> recording : RECORDINGS) {
      recording.add(line);
    }
  }

  /** Returns whether the appender is installed (logback-test.xml read); a scan without it proves nothing. */
  public static boolean installed() {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("dev.authkit");
    return logger instanceof ch.qos.logback.classic.Logger
        && ((ch.qos.logback.classic.Logger) logger).getAppender("CAPTURE") instanceof CapturedLogs
        && logger.isTraceEnabled();
  }

  /** Lines captured so far in this JVM. */
  public static long lineCount() {
    return LINES.get();
  }

  /** Returns and forgets the violations so far (lines that hold a credential). */
  public static List<Line> takeViolations() {
    List<Line> taken = new ArrayList<>(VIOLATIONS);
    VIOLATIONS.removeAll(taken);
    return taken;
  }

  /** Starts collecting every line from now on, until the recording is closed. */
  public static Recording record() {
    return new Recording();
  }

  /** The lines logged while it is open. */
  public static final class Recording implements AutoCloseable {
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private Recording() {
      RECORDINGS.add(lines);
    }

    /** Returns the lines so far. */
    public List<Line> lines() {
      return List.copyOf(lines);
    }

    /** Returns the rendered texts so far. */
    public List<String> texts() {
      return lines.stream().map(Line::text).toList();
    }

    @Override
    public void close() {
      RECORDINGS.remove(lines);
    }
  }

  static String render(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      out.append(" mdc=").append(mdc);
    }
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> out.append(' ').append(pair.key).append('=').append(pair.value));
    }
    if (event.getArgumentArray() != null) {
      // Arguments a layout might print differently from the message (e.g. structured logging).
      for (Object argument : event.getArgumentArray()) {
        out.append(" arg=").append(argument);
      }
    }
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      out.append(" throwable=").append(t.getClassName()).append(": ").append(t.getMessage());
      for (IThrowableProxy suppressed : t.getSuppressed()) {
        out.append(" suppressed=").append(suppressed.getClassName()).append(": ").append(suppressed.getMessage());
      }
    }
    return out.toString();
  }
}
