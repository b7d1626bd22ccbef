package dev.authkit.jwt;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RevocationList} held in this process (Caffeine). A token entry lives until the token's
 * {@code exp}, after which the token is rejected as expired anyway; a subject entry lives for
 * {@code subjectRetention} after its cut-off instant (default 24 hours: set it to at least your
 * issuers' longest token lifetime). Revocations are not shared with other instances and do not
 * survive a restart: use the JDBC implementation for that.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * InMemoryRevocationList revocations = InMemoryRevocationList.create(Clock.systemUTC());
 * JwtAuthenticator.builder()...revocationList(revocations).build();
 * revocations.revokeToken("https://login.example.com", "jti-42", exp);
 * }</pre>
 */
public final class InMemoryRevocationList implements RevocationList {

  /** The default time a subject entry lives after its cut-off: 24 hours. */
  public static final Duration DEFAULT_SUBJECT_RETENTION = Duration.ofHours(24);

  private final Clock clock;
  private final Duration subjectRetention;
  private final Cache<String, Instant> tokens;
  private final Cache<String, Instant> subjects;

  private InMemoryRevocationList(Clock clock, Duration subjectRetention) {
    this.clock = clock;
    this.subjectRetention = subjectRetention;
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.tokens = Caffeine.newBuilder().ticker(ticker).expireAfter(untilValue(Duration.ZERO)).build();
    this.subjects = Caffeine.newBuilder().ticker(ticker).expireAfter(untilValue(subjectRetention)).build();
  }

  /**
   * Creates a list with the default subject retention.
   *
   * @param clock the time source, the same as the authenticator's; not null
   * @return an empty list
   */
  public static InMemoryRevocationList create(Clock clock) {
    return create(clock, DEFAULT_SUBJECT_RETENTION);
  }

  /**
   * Creates a list.
   *
   * @param clock the time source, the same as the authenticator's; not null
   * @param subjectRetention how long a subject entry lives after its cut-off; positive
   * @return an empty list
   * @throws IllegalArgumentException if {@code subjectRetention} is zero or negative
   */
  public static InMemoryRevocationList create(Clock clock, Duration subjectRetention) {
    requireNonNull(clock, "clock");
    requireNonNull(subjectRetention, "subjectRetention");
    if (subjectRetention.isNegative() || subjectRetention.isZero()) {
      throw new IllegalArgumentException("subjectRetention must be positive, was " + subjectRetention);
    }
    return new InMemoryRevocationList(clock, subjectRetention);
  }

  @Override
  public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
    tokens.put(key(issuer, requireNonNull(tokenId, "tokenId")), requireNonNull(expiresAt, "expiresAt"));
  }

  @Override
  public void revokeSubject(String issuer, String subject, Instant issuedBefore) {
    requireNonNull(issuedBefore, "issuedBefore");
    subjects.asMap().merge(key(issuer, requireNonNull(subject, "subject")), issuedBefore,
        (old, added) -> old.isAfter(added) ? old : added);
  }

  @Override
  public boolean isRevoked(String issuer, @Nullable String tokenId, String subject, @Nullable Instant issuedAt) {
    if (tokenId != null && tokens.getIfPresent(key(issuer, tokenId)) != null) {
      return true;
    }
    Instant cutOff = subjects.getIfPresent(key(issuer, subject));
    return cutOff != null && (issuedAt == null || issuedAt.isBefore(cutOff));
  }

  /** Returns how many token and subject entries are live, for metrics. */
  public long size() {
    tokens.cleanUp();
    subjects.cleanUp();
    return tokens.estimatedSize() + subjects.estimatedSize();
  }

  @Override
  public String toString() {
    return "InMemoryRevocationList[subjectRetention=" + subjectRetention + ", clock=" + clock + "]";
  }

  private static String key(String issuer, String value) {
    return requireNonNull(issuer, "issuer") + '\u0000' + value;
  }

  /** Entries expire at their value plus {@code extra}, measured on the injected clock. */
  private Expiry<String, Instant> untilValue(Duration extra) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, Instant value, long currentTime) {
        return remaining(value);
      }

      @Override
      public long expireAfterUpdate(String key, Instant value, long currentTime, long currentDuration) {
        return remaining(value);
      }

      @Override
      public long expireAfterRead(String key, Instant value, long currentTime, long currentDuration) {
        return currentDuration;
      }

      private long remaining(Instant value) {
        Duration left = Duration.between(clock.instant(), value.plus(extra));
        if (left.isNegative()) {
          return 0;
        }
        try {
          return left.toNanos();
        } catch (ArithmeticException beyondRange) {
          return Long.MAX_VALUE;
        }
      }
    };
  }
}
