package dev.authkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void urlWhenQueryOrUserInfoThenOnlySchemeHostPortAndPathShown() {
    assertThat(Redaction.url(URI.create("https://login.example.com/keys?appid=SECRET&sig=x#frag")))
        .isEqualTo("https://login.example.com/keys?…");
    assertThat(Redaction.url(URI.create("https://user:pass@login.example.com:8443/a/b")))
        .isEqualTo("https://login.example.com:8443/a/b");
    assertThat(Redaction.url(URI.create("http://127.0.0.1:9/jwks"))).isEqualTo("http://127.0.0.1:9/jwks");
    assertThat(Redaction.url(URI.create("http://[::1]:9/jwks"))).isEqualTo("http://[::1]:9/jwks");
    assertThat(Redaction.url(URI.create("https://h/a%0d%0ab"))).isEqualTo("https://h/a%0d%0ab");
    assertThat(Redaction.url(URI.create("mailto:someone@example.com"))).isEqualTo("mailto:…");
  }
}
