package io.vigie.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void theUserPartOfAUrlIsHiddenAndTheRestKept() {
    assertThat(Urls.withoutCredentials("http://vigie:s3cret@influx:8086/x?u=a@b"))
        .isEqualTo("http://***@influx:8086/x?u=a@b");
    assertThat(Urls.withoutCredentials("https://influx.example:8086"))
        .isEqualTo("https://influx.example:8086");
    assertThat(Urls.withoutCredentials("http://127.0.0.1:8086/?p=x@y"))
        .isEqualTo("http://127.0.0.1:8086/?p=x@y");
    assertThat(Urls.withoutCredentials(null)).isNull();
  }
}
