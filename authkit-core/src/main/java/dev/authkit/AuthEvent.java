package dev.authkit;

import static java.util.Objects.requireNonNull;

import dev.authkit.internal.Redaction;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something authkit decided or noticed: a credential accepted or rejected, a key refused from a
 * JWK set, a key-set fetch that failed. Delivered to every registered {@link AuthEventListener}.
 *
 * <p>An event never carries a token, key or secret: the credential appears only as a redacted
 * fingerprint (a short prefix and 8 hex digits of its SHA-256), and {@link #detail()} is text
 * written by authkit, not copied from the request.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthEvent {

  /** What happened. Later releases may add kinds; handle unknown ones gracefully. */
  public enum Type {
    /** A credential was verified; {@link #subject()} is set. */
    AUTHENTICATION_SUCCEEDED,
    /** A credential was rejected; {@link #reason()} says why. */
    AUTHENTICATION_FAILED,
    /** Verification was not possible right now (keys or store unreachable); {@link #reason()} says which. */
    VERIFICATION_UNAVAILABLE,
    /** An authenticated caller was denied access to a resource. */
    ACCESS_DENIED,
    /** A key in a JWK set was refused by the key policy; {@link #keyId()} names it when it has a {@code kid}. */
    KEY_REJECTED,
    /** Fetching a JWK set (or discovery document) failed. */
    KEY_SET_FETCH_FAILED,
    /** A JWK set was fetched and its usable keys replaced the previous ones. */
    KEY_SET_REFRESHED
  }

  /** How urgent the event is. */
  public enum Severity {
    /** Routine. */
    INFO,
    /** Worth a look: a bad key, a failed fetch. */
    WARNING,
    /** Worth paging someone: e.g. an issuer publishing private key material. */
    ALERT
  }

  private final Type type;
  private final Severity severity;
  private final Instant timestamp;
  private final @Nullable Reason reason;
  private final @Nullable AuthenticationMethod authenticationMethod;
  private final @Nullable String issuer;
  private final @Nullable String subject;
  private final @Nullable String keyId;
  private final @Nullable String credentialFingerprint;
  private final String detail;

  private AuthEvent(Builder builder) {
    this.type = builder.type;
    this.severity = builder.severity;
    this.timestamp = builder.timestamp;
    this.reason = builder.reason;
    this.authenticationMethod = builder.authenticationMethod;
    this.issuer = builder.issuer;
    this.subject = builder.subject;
    this.keyId = builder.keyId;
    this.credentialFingerprint = builder.credentialFingerprint;
    this.detail = builder.detail;
  }

  /**
   * Starts an event.
   *
   * @param type what happened; not null
   * @param timestamp when, normally from the component's injected {@code Clock}; not null
   * @return a builder; severity defaults to {@link Severity#INFO}, detail to empty
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(Type type, Instant timestamp) {
    return new Builder(requireNonNull(type, "type"), requireNonNull(timestamp, "timestamp"));
  }

  /** Returns what happened; never null. */
  public Type type() {
    return type;
  }

  /** Returns how urgent it is; never null. */
  public Severity severity() {
    return severity;
  }

  /** Returns when it happened, by the emitting component's clock; never null. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Returns why a credential failed or access was denied; empty for successes and key-set events that have no reason. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** Returns the kind of credential involved, when the event is about one. */
  public Optional<AuthenticationMethod> authenticationMethod() {
    return Optional.ofNullable(authenticationMethod);
  }

  /** Returns the issuer involved, when known (for a failure: the unverified {@code iss} only when it is a trusted issuer). */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** Returns the verified subject; set only for successes and access decisions, never from an unverified credential. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** Returns the {@code kid} of the key involved (key events, or the key a token named). */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  /** Returns a redacted fingerprint of the credential ({@code <prefix>…#<8 hex>}), never the credential itself. */
  public Optional<String> credentialFingerprint() {
    return Optional.ofNullable(credentialFingerprint);
  }

  /** Returns a human-readable detail written by authkit (no token, key or claim value); may be empty, never null. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AuthEvent[").append(type).append(", ").append(severity)
        .append(", at=").append(timestamp);
    if (reason != null) {
      out.append(", reason=").append(reason);
    }
    if (authenticationMethod != null) {
      out.append(", method=").append(authenticationMethod);
    }
    if (issuer != null) {
      out.append(", issuer=").append(issuer);
    }
    if (subject != null) {
      out.append(", subject=").append(subject);
    }
    if (keyId != null) {
      out.append(", kid=").append(keyId);
    }
    if (credentialFingerprint != null) {
      out.append(", credential=").append(credentialFingerprint);
    }
    if (!detail.isEmpty()) {
      out.append(", detail=").append(detail);
    }
    return out.append(']').toString();
  }

  /** Builds an {@link AuthEvent}. Not thread-safe. */
  public static final class Builder {
    private final Type type;
    private final Instant timestamp;
    private Severity severity = Severity.INFO;
    private @Nullable Reason reason;
    private @Nullable AuthenticationMethod authenticationMethod;
    private @Nullable String issuer;
    private @Nullable String subject;
    private @Nullable String keyId;
    private @Nullable String credentialFingerprint;
    private String detail = "";

    private Builder(Type type, Instant timestamp) {
      this.type = type;
      this.timestamp = timestamp;
    }

    /** Sets the severity; not null. */
    public Builder severity(Severity value) {
      this.severity = requireNonNull(value, "severity");
      return this;
    }

    /** Sets the reason; null clears it. */
    public Builder reason(@Nullable Reason value) {
      this.reason = value;
      return this;
    }

    /** Sets the credential kind; null clears it. */
    public Builder authenticationMethod(@Nullable AuthenticationMethod value) {
      this.authenticationMethod = value;
      return this;
    }

    /** Sets the issuer; null clears it. Control and format characters are escaped, length capped at 256. */
    public Builder issuer(@Nullable String value) {
      this.issuer = value == null ? null : Redaction.printable(value, 256);
      return this;
    }

    /** Sets the verified subject; null clears it. Control and format characters are escaped, length capped at 256. */
    public Builder subject(@Nullable String value) {
      this.subject = value == null ? null : Redaction.printable(value, 256);
      return this;
    }

    /**
     * Sets the {@code kid}; null clears it. The value may come from an unverified token header, so
     * control and format characters are escaped and the length is capped at 64 characters.
     */
    public Builder keyId(@Nullable String value) {
      this.keyId = value == null ? null : Redaction.printable(value, 64);
      return this;
    }

    /** Sets the credential fingerprint, which must already be redacted; null clears it. */
    public Builder credentialFingerprint(@Nullable String value) {
      this.credentialFingerprint = value;
      return this;
    }

    /** Sets the detail text (no secrets, no claim values); not null. Control characters are escaped, length capped at 512. */
    public Builder detail(String value) {
      this.detail = Redaction.printable(requireNonNull(value, "detail"), 512);
      return this;
    }

    /** Returns the event. */
    public AuthEvent build() {
      return new AuthEvent(this);
    }
  }
}
