package io.vigie.collector.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a syslog TCP stream into messages, in both framings of RFC 6587, which a sender may mix:
 * octet counting ({@code LENGTH SP MESSAGE}, what RFC 5425 and {@code logger --octet-count} send)
 * and non-transparent framing (a message ends at a line feed; rsyslog's and most devices' default).
 * A message longer than the limit is cut at the limit and the rest of it skipped, marked truncated;
 * nothing after it is lost.
 */
final class SyslogFrames {
  /** One message read off the stream. */
  record Frame(String text, boolean truncated) {}

  private final InputStream in;
  private final int maxBytes;

  /**
   * @param in the connection's stream, buffered by the caller
   * @param maxBytes the longest message kept; longer ones are cut
   */
  SyslogFrames(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next message, or null at the end of the stream. */
  @Nullable Frame next() throws IOException {
    int b = in.read();
    while (b == '\n' || b == '\r' || b == 0) { // blank lines and NUL separators between messages
      b = in.read();
    }
    if (b == -1) {
      return null;
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream(256);
    if (b >= '1' && b <= '9') {
      // Octet counting, if digits then a space follow; otherwise a line that starts with a digit.
      long length = (long) b - '0';
      text.write(b);
      int digits = 1;
      int c = in.read();
      while (c >= '0' && c <= '9' && digits < 10) {
        length = length * 10 + (c - '0');
        text.write(c);
        digits++;
        c = in.read();
      }
      if (c == ' ') {
        return counted(length);
      }
      if (c == -1 || c == '\n') {
        return new Frame(text.toString(StandardCharsets.UTF_8), false);
      }
      text.write(c);
    } else {
      text.write(b);
    }
    return line(text);
  }

  private Frame counted(long length) throws IOException {
    long keep = Math.min(length, maxBytes);
    byte[] bytes = in.readNBytes((int) keep);
    long skip = length - keep;
    while (skip > 0) {
      long skipped = in.skip(skip);
      if (skipped <= 0) {
        if (in.read() == -1) {
          break;
        }
        skipped = 1;
      }
      skip -= skipped;
    }
    // A count longer than what the sender sent before closing: what came is kept, marked cut.
    boolean truncated = length > maxBytes || bytes.length < keep;
    return new Frame(new String(bytes, StandardCharsets.UTF_8), truncated);
  }

  private Frame line(ByteArrayOutputStream text) throws IOException {
    boolean truncated = false;
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (text.size() < maxBytes) {
        text.write(c);
      } else {
        truncated = true;
      }
    }
    return new Frame(text.toString(StandardCharsets.UTF_8), truncated);
  }
}
