package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.collector.logs.Received.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages from a real sender, util-linux's {@code logger} (Debian's bsdutils, on every Debian
 * system), over UDP and TCP, in RFC 3164 and RFC 5424, with both TCP framings.
 */
class SyslogReceiverIT {
  private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private final SyslogParser parser = new SyslogParser();
  private SyslogReceiver receiver;

  @BeforeEach
  void start() throws IOException {
    assertThat(Path.of("/usr/bin/logger"))
        .as("util-linux's logger: apt-get install bsdutils")
        .exists();
    receiver = new SyslogReceiver(inbox::add, Clock.systemUTC(), SyslogReceiver.DEFAULT_MAX_BYTES);
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    receiver.listenUdp(any);
    receiver.listenTcp(any);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private void logger(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("logger", "-n", "127.0.0.1"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("logger ended").isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  private SyslogMessage next(Transport transport) throws InterruptedException {
    Received r = inbox.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a message within 10 s").isNotNull();
    assertThat(r.transport()).isEqualTo(transport);
    assertThat(r.sender().isLoopbackAddress()).isTrue();
    return parser.parse(r.text(), r.at(), ZoneId.systemDefault());
  }

  @Test
  void rfc3164OverUdp() throws Exception {
    logger(
        "-P",
        port(Transport.UDP),
        "-d",
        "--rfc3164",
        "-p",
        "daemon.err",
        "-t",
        "vigie-it",
        "disk full on /var");
    SyslogMessage m = next(Transport.UDP);
    assertThat(m.format()).isEqualTo(SyslogMessage.Format.RFC3164);
    assertThat(m.facilityName()).isEqualTo("daemon");
    assertThat(m.severityName()).isEqualTo("err");
    assertThat(m.appname()).isEqualTo("vigie-it");
    assertThat(m.hostname()).isNotNull();
    assertThat(m.timestamp()).isNotNull();
    assertThat(m.message()).isEqualTo("disk full on /var");
  }

  @Test
  void rfc5424OverTcpWithStructuredData() throws Exception {
    logger(
        "-P",
        port(Transport.TCP),
        "-T",
        "--rfc5424",
        "-p",
        "local3.warning",
        "-t",
        "vigie-it",
        "--msgid",
        "ID9",
        "--sd-id",
        "zoo@32473",
        "--sd-param",
        "tiger=\"hungry\"",
        "the tiger is hungry");
    SyslogMessage m = next(Transport.TCP);
    assertThat(m.format()).isEqualTo(SyslogMessage.Format.RFC5424);
    assertThat(m.facilityName()).isEqualTo("local3");
    assertThat(m.severityName()).isEqualTo("warning");
    assertThat(m.appname()).isEqualTo("vigie-it");
    assertThat(m.msgid()).isEqualTo("ID9");
    assertThat(m.structured()).containsEntry("zoo@32473.tiger", "hungry");
    assertThat(m.message()).isEqualTo("the tiger is hungry");
  }

  @Test
  void bothTcpFramingsAndManyLinesInOneConnection() throws Exception {
    Path lines = Files.createTempFile("vigie-logger", ".txt");
    try {
      List<String> sent = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        sent.add("line " + i + " é");
      }
      Files.write(lines, sent);
      logger(
          "-P",
          port(Transport.TCP),
          "-T",
          "--octet-count",
          "-t",
          "counted",
          "-f",
          lines.toString());
      logger("-P", port(Transport.TCP), "-T", "--rfc3164", "-t", "newline", "-f", lines.toString());
      List<String> counted = new ArrayList<>();
      List<String> newline = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        SyslogMessage m = next(Transport.TCP);
        ("counted".equals(m.appname()) ? counted : newline).add(m.message());
      }
      assertThat(counted).containsExactlyElementsOf(sent);
      assertThat(newline).containsExactlyElementsOf(sent);
      assertThat(receiver.received()).isEqualTo(100);
      assertThat(receiver.truncated()).isZero();
    } finally {
      Files.deleteIfExists(lines);
    }
  }

  @Test
  void everyDatagramIsReceivedOrCountedAsDroppedByTheKernel() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();
    try (SyslogReceiver slow =
        new SyslogReceiver(
            r -> {
              try {
                release.await(); // the receiver stalls: the kernel's buffer fills, then drops
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              handled.incrementAndGet();
            },
            Clock.systemUTC(),
            SyslogReceiver.DEFAULT_MAX_BYTES)) {
      slow.listenUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int sent = 20_000;
      byte[] payload =
          ("<13>Nov 30 18:00:00 host app: " + "z".repeat(1000)).getBytes(StandardCharsets.UTF_8);
      try (java.net.DatagramSocket out = new java.net.DatagramSocket()) {
        InetSocketAddress to =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), slow.udpPort());
        for (int i = 0; i < sent; i++) {
          out.send(new java.net.DatagramPacket(payload, payload.length, to));
        }
      }
      long drops = slow.kernelDrops();
      assertThat(drops).as("the kernel dropped some, and says so").isPositive();
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() + drops >= sent);
      assertThat(handled.get() + slow.kernelDrops())
          .as("received + dropped = sent: none lost without a count")
          .isEqualTo(sent);
    }
  }

  private String port(Transport transport) throws IOException {
    return Integer.toString(transport == Transport.UDP ? receiver.udpPort() : receiver.tcpPort());
  }
}
