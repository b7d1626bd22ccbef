package dev.authkit;

/**
 * Receives {@link AuthEvent}s, for audit logs, metrics and alerts.
 *
 * <p>Called synchronously on the thread that made the decision (a request thread, or authkit's
 * own key-fetching thread), so it must be fast and thread-safe; hand slow work to a queue. An
 * exception thrown by a listener is logged at WARN and never changes authkit's decision.
 *
 * <pre>{@code
 * JwtAuthenticator.builder()
 *     ...
 *     .addEventListener(event -> metrics.counter("auth", "type", event.type().name()).increment())
 * }</pre>
 */
@FunctionalInterface
public interface AuthEventListener {

  /**
   * Handles one event.
   *
   * @param event the event; never null
   */
  void onEvent(AuthEvent event);
}
