package dev.authkit.samples.orders;

import java.net.URI;

/** A started sample: where it listens, and how to stop it. */
public interface RunningSample extends AutoCloseable {

  /** Returns the base URI, e.g. {@code http://127.0.0.1:8080}. */
  URI baseUri();

  /** Returns the credentials side (dev tokens, API keys). */
  SampleSecurity security();

  /** Stops the server and the issuer; idempotent. */
  @Override
  void close();
}
