package dev.authkit.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleOptionsTest {

  @Test
  void parseWhenNothingGivenThenDevModeOnDefaultPortWithFallback() {
    SampleOptions options = SampleOptions.parse(new String[0], Map.of());

    assertThat(options.devMode()).isTrue();
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.portExplicit()).isFalse();
    assertThat(options.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void parseWhenEnvironmentNamesIssuerThenRealModeAndCommandLineWins() {
    SampleOptions options = SampleOptions.parse(new String[] {"--audience", "cli-aud", "--port", "9001"},
        Map.of("AUTHKIT_ISSUER", "https://login.example.com", "AUTHKIT_AUDIENCE", "env-aud", "ORDERS_PORT", "9000"));

    assertThat(options.devMode()).isFalse();
    assertThat(options.issuer()).isEqualTo("https://login.example.com");
    assertThat(options.audience()).isEqualTo("cli-aud");
    assertThat(options.port()).isEqualTo(9001);
    assertThat(options.portExplicit()).isTrue();
    assertThat(options.insecureAllowHttpOnLoopback()).isFalse();
    assertThat(options.insecureAllowHttpFromLoopback()).isFalse();
  }

  @Test
  void parseWhenIssuerWithoutAudienceThenRefused() {
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--issuer", "https://login.example.com"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--audience");
  }

  @Test
  void parseWhenInsecureSwitchInDevModeThenRefused() {
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--insecure-allow-http-from-loopback"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("real mode");
  }

  @Test
  void parseWhenDevModeOnPublicAddressThenRefused() {
    assertThat(SampleOptions.parse(new String[] {"--host", "localhost"}, Map.of()).devMode()).isTrue();
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--host", "0.0.0.0"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
  }

  @Test
  void parseWhenUnknownOptionOrBadPortThenRefused() {
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--prot", "1"}, Map.of()))
        .hasMessageContaining("unknown option --prot");
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--port", "70000"}, Map.of()))
        .hasMessageContaining("port must be");
    assertThatThrownBy(() -> SampleOptions.parse(new String[] {"--port"}, Map.of()))
        .hasMessageContaining("--port needs a value");
  }
}
