package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFramesTest {

  private static List<SyslogFrames.Frame> frames(byte[] stream, int max) throws IOException {
    SyslogFrames frames = new SyslogFrames(new ByteArrayInputStream(stream), max);
    List<SyslogFrames.Frame> all = new ArrayList<>();
    for (SyslogFrames.Frame f = frames.next(); f != null; f = frames.next()) {
      all.add(f);
    }
    return all;
  }

  private static List<SyslogFrames.Frame> frames(String stream, int max) throws IOException {
    return frames(stream.getBytes(StandardCharsets.UTF_8), max);
  }

  @Test
  void bothFramingsMixedOnOneConnection() throws IOException {
    assertThat(frames("<13>first line\n12 <13>counted\n\n<13>third\r\n0 \n5 <13>x", 1024))
        .extracting(SyslogFrames.Frame::text)
        // "0 " is no count (RFC 6587: a length starts with a non-zero digit): a line of its own
        .containsExactly("<13>first line", "<13>counted\n", "<13>third\r", "0 ", "<13>x");
  }

  @Test
  void anOctetCountKeepsLineFeedsInsideTheMessage() throws IOException {
    assertThat(frames("18 <13>one\ntwo\nthree\n\n4 <1>a", 1024))
        .extracting(SyslogFrames.Frame::text)
        .containsExactly("<13>one\ntwo\nthree\n", "<1>a");
  }

  @Test
  void aLineThatStartsWithADigitIsALine() throws IOException {
    assertThat(frames("2026-11-30 something happened\n42\n", 1024))
        .extracting(SyslogFrames.Frame::text)
        .containsExactly("2026-11-30 something happened", "42");
  }

  @Test
  void aMegabyteLineIsCutAndTheNextMessageKept() throws IOException {
    String big = "<13>" + "x".repeat(1_000_000);
    List<SyslogFrames.Frame> all = frames(big + "\n<13>after\n", 65_536);
    assertThat(all).hasSize(2);
    assertThat(all.get(0).text()).hasSize(65_536);
    assertThat(all.get(0).truncated()).isTrue();
    assertThat(all.get(1).text()).isEqualTo("<13>after");
    assertThat(all.get(1).truncated()).isFalse();
  }

  @Test
  void anOverlongCountIsCutAndTheNextFrameKept() throws IOException {
    String body = "<13>" + "y".repeat(200);
    List<SyslogFrames.Frame> all = frames(body.length() + " " + body + "9 <13>after", 100);
    assertThat(all)
        .extracting(SyslogFrames.Frame::text)
        .containsExactly(body.substring(0, 100), "<13>after");
    assertThat(all.get(0).truncated()).isTrue();
  }

  @Test
  void aCountLongerThanWhatCameBeforeTheEndKeepsWhatCame() throws IOException {
    List<SyslogFrames.Frame> all = frames("50 <13>cut short", 1024);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).text()).isEqualTo("<13>cut short");
    assertThat(all.get(0).truncated()).isTrue();
  }

  @Test
  void invalidUtf8AndBinaryAreKept() throws IOException {
    byte[] stream = {'<', '1', '3', '>', (byte) 0xC3, (byte) 0x28, 0x01, (byte) 0xFF, '\n'};
    List<SyslogFrames.Frame> all = frames(stream, 1024);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).text()).startsWith("<13>").contains("\u0001").contains("\uFFFD");
  }
}
