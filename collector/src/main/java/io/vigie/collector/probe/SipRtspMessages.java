package io.vigie.collector.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Responses of SIP (RFC 3261) and RTSP/1.0 (RFC 2326), which share HTTP/1.1's syntax: a status
 * line, header lines up to an empty line, and a body of {@code Content-Length} bytes. Written by
 * hand (decision 0011): the probes need the status, a few headers and the SDP's media lines.
 */
final class SipRtspMessages {
  private SipRtspMessages() {}

  /**
   * A response.
   *
   * @param headers by lower-case name (SIP's compact forms expanded), values in the order received
   * @param length the bytes it took in the stream, body included
   */
  record Response(
      String protocol,
      int status,
      String reason,
      Map<String, List<String>> headers,
      String body,
      int length) {

    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The status line's code and words, as a reason says them: {@code 503 Service Unavailable}. */
    String statusText() {
      return reason.isEmpty() ? String.valueOf(status) : status + " " + reason;
    }
  }

  /** Thrown for bytes that are not a response: the peer is not what the probe expects. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private static final Map<String, String> COMPACT =
      Map.of(
          "i", "call-id",
          "m", "contact",
          "e", "content-encoding",
          "l", "content-length",
          "c", "content-type",
          "f", "from",
          "t", "to",
          "v", "via",
          "k", "supported");

  /**
   * The first response in {@code data[0..length)}, or null while it is incomplete.
   *
   * @param datagram whether the bytes are one whole datagram: a body without {@code Content-Length}
   *     is then the rest of it; in a stream it is empty
   */
  static @Nullable Response parse(byte[] data, int length, boolean datagram) throws Malformed {
    int start = 0;
    // RFC 3261 7.5 and RFC 2326: empty lines before a message are ignored (keep-alives).
    while (start < length && (data[start] == '\r' || data[start] == '\n')) {
      start++;
    }
    int headEnd = -1;
    int bodyStart = -1;
    for (int i = start; i < length; i++) {
      if (data[i] == '\n') {
        if (i + 1 < length && data[i + 1] == '\n') {
          headEnd = i;
          bodyStart = i + 2;
          break;
        }
        if (i + 2 < length && data[i + 1] == '\r' && data[i + 2] == '\n') {
          headEnd = i;
          bodyStart = i + 3;
          break;
        }
      }
    }
    if (headEnd < 0) {
      if (length - start > 64 * 1024) {
        throw new Malformed("no end of headers in " + (length - start) + " bytes");
      }
      if (datagram && length > start) {
        throw new Malformed("a datagram without the empty line that ends the headers");
      }
      return null;
    }
    String head = new String(data, start, headEnd - start, StandardCharsets.UTF_8);
    String[] lines = head.split("\r?\n", -1);
    String statusLine = lines[0].strip();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].contains("/") || !parts[1].matches("\\d{3}")) {
      throw new Malformed("not a status line: " + abbreviate(statusLine));
    }
    int status = Integer.parseInt(parts[1]);
    String reason = parts.length > 2 ? parts[2].strip() : "";
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> last = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        int end = last.size() - 1;
        last.set(end, last.get(end) + " " + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      name = COMPACT.getOrDefault(name, name);
      last = headers.computeIfAbsent(name, k -> new ArrayList<>());
      last.add(line.substring(colon + 1).strip());
    }
    List<String> lengths = headers.getOrDefault("content-length", List.of());
    int bodyLength;
    if (lengths.isEmpty()) {
      bodyLength = datagram ? length - bodyStart : 0;
    } else {
      try {
        bodyLength = Integer.parseInt(lengths.get(0).strip());
      } catch (NumberFormatException e) {
        throw new Malformed("bad Content-Length: " + abbreviate(lengths.get(0)));
      }
      if (bodyLength < 0 || bodyLength > 1024 * 1024) {
        throw new Malformed("Content-Length out of bounds: " + bodyLength);
      }
    }
    if (bodyStart + bodyLength > length) {
      if (datagram) {
        throw new Malformed("a datagram shorter than its Content-Length");
      }
      return null;
    }
    String body = new String(data, bodyStart, bodyLength, StandardCharsets.UTF_8);
    return new Response(parts[0], status, reason, headers, body, bodyStart + bodyLength);
  }

  static String abbreviate(String text) {
    String oneLine = text.replaceAll("[\\r\\n]+", " ").strip();
    return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
  }
}
