package dev.authkit.apikey;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.internal.apikey.ApiKeyFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers for API-key tests in other packages. */
public final class ApiKeyTesting {

  private ApiKeyTesting() {}

  /** Appends the right checksum to a key body. */
  public static String recheck(String body) {
    return body + ApiKeyFormat.checksum(body);
  }

  public static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call).isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((CredentialRejectedException) e).reason()).isEqualTo(reason);
  }
}
