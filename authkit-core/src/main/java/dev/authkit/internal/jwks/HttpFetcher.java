package dev.authkit.internal.jwks;

import dev.authkit.internal.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * GETs one small JSON document over HTTPS with a connect timeout, a total deadline for the whole
 * response (headers and body), a size cap enforced while the body streams in, and no redirects.
 * Thread-safe.
 */
public final class HttpFetcher {

  /** A 200 answer: its body and headers. */
  public record Response(byte[] body, HttpHeaders headers) {}

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final HttpClient client;
  private final Executor executor;
  private final Duration deadline;
  private final int maxBytes;
  private final boolean allowHttpOnLoopback;

  /**
   * @param executor runs the client's asynchronous work; owned by the caller
   * @param connectTimeout TCP + TLS connect bound
   * @param deadline bound for the whole exchange, body included
   * @param maxBytes largest accepted body
   * @param sslContext trust configuration, or null for the JDK default
   * @param allowHttpOnLoopback whether {@code http://} to a loopback host is accepted
   */
  public HttpFetcher(Executor executor, Duration connectTimeout, Duration deadline, int maxBytes,
      @Nullable SSLContext sslContext, boolean allowHttpOnLoopback) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(connectTimeout)
        // Any 3xx is a failure (DESIGN decision 6): a redirect could lead to http:// or another host.
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
    this.executor = executor;
    this.deadline = deadline;
    this.maxBytes = maxBytes;
    this.allowHttpOnLoopback = allowHttpOnLoopback;
  }

  /**
   * Returns why {@code uri} may not be fetched, or null when it may: it must be absolute
   * {@code https://} with a host, or {@code http://} to a loopback host when allowed.
   */
  public static @Nullable String schemeProblem(URI uri, boolean allowHttpOnLoopback) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "the URL " + Redaction.url(uri) + " has no host";
    }
    if (uri.getRawUserInfo() != null) {
      return "the URL must not carry user information";
    }
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http")) {
      if (!allowHttpOnLoopback) {
        return "the URL " + Redaction.url(uri) + " is not https (plain http is allowed only to loopback, after "
            + "insecureAllowHttpOnLoopback())";
      }
      return isLoopback(uri.getHost()) ? null
          : "the URL " + Redaction.url(uri) + " is http but its host is not a loopback address";
    }
    return "the URL " + Redaction.url(uri) + " is not https";
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only IP literals are checked, so no name is ever resolved here.
    if (IPV4.matcher(host).matches() || host.startsWith("[")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * Starts a GET. The returned future completes within the deadline (plus scheduling slack): with
   * the response, or exceptionally with a {@link FetchException}.
   */
  public CompletableFuture<Response> get(URI uri) {
    String problem = schemeProblem(uri, allowHttpOnLoopback);
    if (problem != null) {
      return CompletableFuture.failedFuture(new FetchException(problem));
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri)
          .GET()
          .timeout(deadline)
          .header("Accept", "application/json, application/jwk-set+json")
          .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new FetchException("the URL " + Redaction.url(uri) + " cannot be requested"));
    }
    AtomicReference<@Nullable CappedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        return new RefusedBody(info.statusCode(), retryAfter(info));
      }
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
      if (declared > maxBytes) {
        return new RefusedBody("the response declares " + declared + " bytes, over the cap of " + maxBytes);
      }
      CappedBody capped = new CappedBody(maxBytes);
      body.set(capped);
      return capped;
    });
    CompletableFuture<Response> result = new CompletableFuture<>();
    // The JDK completes sendAsync's future on the common pool; hop back onto authkit's own threads
    // so listeners, logging and parsing run there.
    exchange.whenCompleteAsync((response, failure) -> {
      if (failure != null) {
        result.completeExceptionally(describe(uri, failure));
      } else {
        result.complete(new Response(response.body(), response.headers()));
      }
    }, executor);
    // The request timeout covers only the wait for headers; this bounds the body as well.
    result.orTimeout(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).whenComplete((r, failure) -> {
      if (failure instanceof TimeoutException) {
        CappedBody started = body.get();
        if (started != null) {
          started.abort();
        }
        exchange.cancel(true);
      }
    });
    return result.exceptionallyCompose(failure -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      return CompletableFuture.failedFuture(cause instanceof TimeoutException
          ? new FetchException("GET " + Redaction.url(uri) + ": the response did not complete within " + deadline.toMillis() + " ms")
          : cause);
    });
  }

  private FetchException describe(URI uri, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof FetchException) {
      FetchException known = (FetchException) cause;
      return new FetchException("GET " + Redaction.url(uri) + ": " + known.getMessage(), known.statusCode(),
          known.retryAfter().orElse(null));
    }
    // Most specific first: HttpConnectTimeoutException is an HttpTimeoutException.
    String what;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "connect timed out";
    } else if (cause instanceof HttpTimeoutException) {
      what = "no response within " + deadline.toMillis() + " ms";
    } else if (cause instanceof ConnectException) {
      what = "connection failed (" + cause.getClass().getSimpleName() + ")";
    } else if (cause instanceof SSLException) {
      what = "TLS failed: " + printable(cause.getMessage());
    } else if (cause instanceof CancellationException) {
      what = "cancelled";
    } else if (cause instanceof IOException) {
      // The JDK's message may quote bytes the server sent; only the exception type is logged.
      what = "I/O failed: " + cause.getClass().getName();
    } else {
      what = "failed: " + cause.getClass().getName();
    }
    return new FetchException("GET " + Redaction.url(uri) + ": " + what);
  }

  /** Reads {@code Retry-After} in its delay-seconds form from a 429 or 503 (RFC 9110 §10.2.3); HTTP-dates are ignored. */
  private static @Nullable Duration retryAfter(HttpResponse.ResponseInfo info) {
    if (info.statusCode() != 429 && info.statusCode() != 503) {
      return null;
    }
    String value = info.headers().firstValue("Retry-After").orElse("").trim();
    if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(value));
  }

  /** Keeps a JDK message short and on one line of printable ASCII: it may name what the server presented. */
  private static String printable(@Nullable String message) {
    if (message == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < message.length() && out.length() < 160; i++) {
      char c = message.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  /** Refuses the body of a non-200 or oversized answer without reading it. */
  private static final class RefusedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final FetchException failure;

    RefusedBody(int status, @Nullable Duration retryAfter) {
      this.failure = new FetchException(status >= 300 && status < 400
          ? "HTTP " + status + " (redirects are never followed)"
          : "HTTP " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)"),
          status, retryAfter);
    }

    RefusedBody(String message) {
      this.failure = new FetchException(message);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
      result.completeExceptionally(failure);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.completeExceptionally(failure);
    }
  }

  /** Collects the body and gives up, closing the connection, as soon as it passes the cap. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.@Nullable Subscription subscription;

    CappedBody(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    void abort() {
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
      result.completeExceptionally(new FetchException("aborted at the deadline"));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription value) {
      subscription = value;
      if (result.isDone()) {
        value.cancel();
      } else {
        value.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      Flow.Subscription current = subscription;
      synchronized (out) {
        for (ByteBuffer buffer : buffers) {
          int length = buffer.remaining();
          if (out.size() + (long) length > maxBytes) {
            if (current != null) {
              current.cancel();
            }
            result.completeExceptionally(new FetchException("the body exceeds the cap of " + maxBytes + " bytes"));
            return;
          }
          byte[] chunk = new byte[length];
          buffer.get(chunk);
          out.write(chunk, 0, length);
        }
      }
      if (current != null && !result.isDone()) {
        current.request(1);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      synchronized (out) {
        result.complete(out.toByteArray());
      }
    }
  }
}
