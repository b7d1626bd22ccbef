package dev.authkit.internal;

import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners, isolating authkit from listener failures. Immutable and thread-safe. */
public final class EventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final List<AuthEventListener> listeners;

  public EventPublisher(List<AuthEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Returns true when at least one listener is registered, so callers can skip building events. */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  public void publish(AuthEvent event) {
    for (AuthEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException failure) {
        LOG.warn("AuthEventListener {} failed on {} event: {}", listener.getClass().getName(), event.type(),
            failure.getClass().getName());
      }
    }
  }
}
