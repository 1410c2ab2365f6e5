package io.vigie.bench;

import io.vigie.collector.logs.Received;
import io.vigie.collector.logs.SyslogMessage;
import io.vigie.collector.logs.SyslogParser;
import io.vigie.collector.logs.SyslogPoints;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The logs benchmark's one load, the same for every contender: numbered RFC 5424 messages, framed
 * by octet counting (RFC 6587) in one file that the sender copies to a TCP socket as fast as the
 * receiver reads it (the kernel's sendfile: the sender costs next to nothing, so both cores are
 * left to the receiver and InfluxDB), and the very same messages as the collector's line protocol,
 * gzipped in batches for curl. The first {@code warmup} lines warm each contender up; the rest are
 * measured.
 *
 * <p>Line {@code seq} carries its number twice: {@code seq=NNNNNNNN} at the end of its text (read
 * back from rsyslog's file) and its sender's time, {@code base + seq} microseconds (the {@code
 * timestamp} field InfluxDB keeps), so that every line is counted back once.
 */
final class SyslogLoad {
  /** The client and target the lines are attributed to: the inventory's relay, 127.0.0.1. */
  static final String CLIENT = "acme";

  static final String TARGET = "relay";
  static final String COLLECTOR_ID = "bench";
  static final int HOSTS = 200;

  private static final String[] APPS = {
    "nginx", "sshd", "postfix", "kernel", "cron", "haproxy", "dockerd", "systemd"
  };
  private static final DateTimeFormatter RFC5424 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  final long warmup;
  final long measured;
  final Path frames;

  /** Byte offset of the first measured frame in {@link #frames}. */
  final long measuredOffset;

  final long frameBytes;

  /** Line-protocol bytes of every line, uncompressed: what the collector's spool holds. */
  final long lineProtocolBytes;

  final long baseNanos;
  final List<Path> warmupBatches;
  final List<Path> measuredBatches;

  private SyslogLoad(
      long warmup,
      long measured,
      Path frames,
      long measuredOffset,
      long frameBytes,
      long lineProtocolBytes,
      long baseNanos,
      List<Path> warmupBatches,
      List<Path> measuredBatches) {
    this.warmup = warmup;
    this.measured = measured;
    this.frames = frames;
    this.measuredOffset = measuredOffset;
    this.frameBytes = frameBytes;
    this.lineProtocolBytes = lineProtocolBytes;
    this.baseNanos = baseNanos;
    this.warmupBatches = warmupBatches;
    this.measuredBatches = measuredBatches;
  }

  long total() {
    return warmup + measured;
  }

  /**
   * Writes the frames and curl's batches under {@code dir}. curl's points are timed from now on, a
   * microsecond apart, as a collector receiving them now would time them: within the logs'
   * retention, in the same shard as the collector's.
   */
  static SyslogLoad generate(Path dir, long warmup, long measured, int batch) throws IOException {
    Files.createDirectories(dir);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long baseNanos = base.getEpochSecond() * 1_000_000_000L;
    Instant received = Instant.now();
    SyslogParser parser = new SyslogParser();
    SyslogPoints points = new SyslogPoints(COLLECTOR_ID);
    SyslogPoints.Origin origin = new SyslogPoints.Origin(CLIENT, TARGET);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Path frames = dir.resolve("frames.syslog");
    long measuredOffset = 0;
    long bytes = 0;
    long lpBytes = 0;
    List<Path> warm = new ArrayList<>();
    List<Path> meas = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(frames), 1 << 20)) {
      for (long seq = 0; seq < warmup + measured; seq++) {
        if (seq == warmup) {
          measuredOffset = bytes;
        }
        String text = message(seq, base);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = (utf8.length + " ").getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        out.write(utf8);
        bytes += head.length + utf8.length;
        Instant at = received.plus(seq, ChronoUnit.MICROS);
        Received r = new Received(at, loopback, Received.Transport.TCP, text, false);
        SyslogMessage m = parser.parse(text, at, ZoneOffset.UTC);
        String line = points.line(r, m, origin);
        lpBytes += line.length() + 1;
        body.append(line).append('\n');
        long inPart = seq < warmup ? seq + 1 : seq + 1 - warmup;
        boolean partEnd = seq + 1 == warmup || seq + 1 == warmup + measured;
        if (inPart % batch == 0 || partEnd) {
          List<Path> part = seq < warmup ? warm : meas;
          part.add(gzip(dir, (seq < warmup ? "warm-" : "lp-") + part.size(), body));
          body.setLength(0);
        }
      }
    }
    return new SyslogLoad(
        warmup, measured, frames, measuredOffset, bytes, lpBytes, baseNanos, warm, meas);
  }

  private static Path gzip(Path dir, String name, CharSequence body) throws IOException {
    Path file = dir.resolve(String.format(Locale.ROOT, "%s.lp.gz", name));
    try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
      z.write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /**
   * Line {@code seq}: one of 200 hosts, each with its application, facility and process; mostly
   * info, 10% warning, 5% err; a text of 80 to 140 characters, as servers' logs are.
   */
  static String message(long seq, Instant base) {
    int host = (int) (seq % HOSTS);
    int app = host % APPS.length;
    int slot = (int) (seq % 20);
    int severity = slot == 0 ? 3 : slot <= 2 ? 4 : 6;
    int facility = 16 + app; // local0 to local7
    long n = seq * 2_654_435_761L & 0xffff_ffffL; // varied numbers, the same on every run
    String text =
        switch (app) {
          case 0 ->
              String.format(
                  Locale.ROOT,
                  "10.%d.%d.%d - - \"GET /api/v1/items/%d HTTP/1.1\" %d %d \"-\" \"curl/7.88.1\"",
                  n % 250,
                  n / 7 % 250,
                  n / 11 % 250,
                  n % 100_000,
                  slot == 0 ? 500 : 200,
                  n % 9000 + 200);
          case 1 ->
              String.format(
                  Locale.ROOT,
                  "Accepted publickey for deploy from 192.0.2.%d port %d ssh2: ED25519 SHA256:%08x",
                  n % 250,
                  n % 30_000 + 32_768,
                  n);
          case 2 ->
              String.format(
                  Locale.ROOT,
                  "%08X: to=<user%d@example.net>, relay=mx.example.net[198.51.100.%d]:25, delay=0.%d,"
                      + " status=sent (250 ok)",
                  n,
                  n % 5000,
                  n % 250,
                  n % 90 + 10);
          case 3 ->
              String.format(
                  Locale.ROOT,
                  "[%d.%06d] eth0: link up, 1000Mbps, full-duplex, lpa 0x%04X",
                  n % 900_000,
                  n % 1_000_000,
                  n & 0xffff);
          case 4 ->
              String.format(
                  Locale.ROOT,
                  "(root) CMD (/usr/local/bin/backup --job %d --quiet >/dev/null 2>&1)",
                  n % 400);
          case 5 ->
              String.format(
                  Locale.ROOT,
                  "10.0.%d.%d:%d [30/Nov/2026:21:00:00.%03d] web~ app/srv%d 0/0/1/%d/%d 200 %d",
                  n % 250,
                  n / 13 % 250,
                  n % 60_000 + 1024,
                  n % 1000,
                  n % 8,
                  n % 300,
                  n % 310,
                  n % 20_000);
          case 6 ->
              String.format(
                  Locale.ROOT,
                  "time=\"2026-11-30T21:00:00Z\" level=info msg=\"container %012x health status"
                      + " changed to healthy\"",
                  n);
          default ->
              String.format(
                  Locale.ROOT,
                  "Started session-%d.scope - Session %d of User deploy.",
                  n % 9000,
                  n);
        };
    return String.format(
        Locale.ROOT,
        "<%d>1 %s host-%03d %s %d - - %s seq=%08d",
        facility * 8 + severity,
        RFC5424.format(base.plus(seq, ChronoUnit.MICROS)),
        host,
        APPS[app],
        1000 + host,
        text,
        seq);
  }

  /** Sends the warm-up lines over one TCP connection, then closes it. */
  void sendWarmup(int port) throws IOException {
    send(port, 0, measuredOffset);
  }

  /** Sends the measured lines over one TCP connection, then closes it. */
  void sendMeasured(int port) throws IOException {
    send(port, measuredOffset, frameBytes);
  }

  private void send(int port, long from, long to) throws IOException {
    try (FileChannel file = FileChannel.open(frames, StandardOpenOption.READ);
        SocketChannel socket =
            SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      for (long at = from; at < to; ) {
        at += file.transferTo(at, to - at, socket);
      }
      socket.shutdownOutput();
    }
  }
}
