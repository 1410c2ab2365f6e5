package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipRtspMessagesTest {
  private static SipRtspMessages.Response parse(String text, boolean datagram) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return SipRtspMessages.parse(bytes, bytes.length, datagram);
  }

  @Test
  void sipAnswerWithCompactHeadersAndFolding() throws Exception {
    SipRtspMessages.Response r =
        parse(
            "SIP/2.0 503 Service Unavailable\r\nv: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
                + "i: abc@vigie\r\nCSeq: 1\r\n  OPTIONS\r\nl: 0\r\n\r\n",
            true);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.statusText()).isEqualTo("503 Service Unavailable");
    assertThat(r.header("Call-ID")).isEqualTo("abc@vigie");
    assertThat(r.header("via")).startsWith("SIP/2.0/UDP");
    assertThat(r.header("cseq")).isEqualTo("1 OPTIONS");
  }

  @Test
  void streamWaitsForTheWholeBody() throws Exception {
    String head = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 10\r\n\r\n";
    assertThat(parse("RTSP/1.0 200 OK\r\nCSeq: 2\r\n", false)).isNull();
    assertThat(parse(head + "m=video", false)).isNull();
    SipRtspMessages.Response r = parse(head + "m=video 0" + "RTSP/1.0 200", false);
    assertThat(r.body()).isEqualTo("m=video 0R");
    assertThat(r.length()).isEqualTo(head.length() + 10);
  }

  @Test
  void noContentLengthInAStreamIsNoBody() throws Exception {
    SipRtspMessages.Response r = parse("\r\nRTSP/1.0 404 Not Found\r\nCSeq: 1\r\n\r\nrest", false);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void notAnAnswer() {
    assertThatThrownBy(() -> parse("HELLO there\r\n\r\n", false))
        .isInstanceOf(SipRtspMessages.Malformed.class)
        .hasMessageContaining("not a status line");
    assertThatThrownBy(() -> parse("SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n", true))
        .isInstanceOf(SipRtspMessages.Malformed.class);
  }
}
