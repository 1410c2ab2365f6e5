package io.vigie.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {
  @Test
  void quotesWithEscapesAndKeepsPrintableUnicode() {
    assertThat(Escape.quoted("two\nlines\r\t\\ \"q\" é 東 😀"))
        .isEqualTo("\"two\\nlines\\r\\t\\\\ \\\"q\\\" é 東 😀\"");
    assertThat(Escape.quoted("\u0000\u001b\u007f\u0085\u2028\u2029\u200b\ufeff\ud800x\udc00"))
        .isEqualTo("\"\\u0000\\u001B\\u007F\\u0085\\u2028\\u2029\\u200B\\uFEFF\\uD800x\\uDC00\"");
    assertThat(Escape.quoted("\u0378")).isEqualTo("\"\\u0378\""); // unassigned
    assertThat(Escape.quoted(null)).isEqualTo("null");
  }

  @Test
  void controlsLeavesQuotesAndBackslashesAlone() {
    assertThat(Escape.controls("a\\b \"c\"")).isSameAs("a\\b \"c\"");
    assertThat(Escape.controls("a\nb\u2028")).isEqualTo("a\\nb\\u2028");
  }
}
