package dev.authkit.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.CredentialRejectedException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * BR-26, statistical part: verifying candidates that differ from a real key at the first versus
 * the last secret character must take the same time. Noisy and slow (about 10-20 s), so it runs
 * only on request:
 *
 * <pre>
 * mvn -B -ntp -pl authkit-core -am test -Dauthkit.timing=true -Dtest=ApiKeyTimingTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "authkit.timing", matches = "true")
class ApiKeyTimingTest {

  private static final int WARM_UP = 50_000;
  private static final int SAMPLES = 100_000;

  @Test
  void authenticateWhenCandidatesDifferAtFirstOrLastSecretCharThenMediansWithinNoise() {
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    IssuedApiKey key = ApiKeyIssuer.builder().prefix("ak_test").store(store).build().newKey("svc").issue();
    ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder().store(store).prefixes("ak_test").build();
    String k = key.plaintext();
    String body = k.substring(0, k.length() - 6);
    int secretStart = body.length() - 22;
    String c1 = ApiKeyTesting.recheck(body.substring(0, secretStart) + flip(body.charAt(secretStart))
        + body.substring(secretStart + 1));
    String c2 = ApiKeyTesting.recheck(body.substring(0, body.length() - 1) + flip(body.charAt(body.length() - 1)));

    for (int i = 0; i < WARM_UP; i++) {
      time(authenticator, c1);
      time(authenticator, c2);
    }
    long[] first = new long[SAMPLES];
    long[] last = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) { // interleaved, so drift affects both alike
      first[i] = time(authenticator, c1);
      last[i] = time(authenticator, c2);
    }
    Arrays.sort(first);
    Arrays.sort(last);
    long medianFirst = first[SAMPLES / 2];
    long medianLast = last[SAMPLES / 2];
    long difference = Math.abs(medianFirst - medianLast);
    System.err.printf("BR-26 timing: median first-char %d ns, last-char %d ns, difference %d ns%n",
        medianFirst, medianLast, difference);
    assertThat(difference).isLessThan(Math.max(100, medianFirst / 50));
  }

  private static long time(ApiKeyAuthenticator authenticator, String candidate) {
    long start = System.nanoTime();
    try {
      authenticator.authenticate(candidate);
      throw new AssertionError("candidate accepted");
    } catch (CredentialRejectedException expected) {
      return System.nanoTime() - start;
    }
  }

  private static char flip(char c) {
    return c == 'a' ? 'b' : 'a';
  }
}
