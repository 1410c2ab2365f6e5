package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.logs.SyslogMessage.Format;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Messages as real senders write them (rsyslog, util-linux logger, Cisco IOS, OpenWrt, printers).
 */
class SyslogParserTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant NOW = Instant.parse("2026-11-30T18:00:00Z");
  private final SyslogParser parser = new SyslogParser();

  private SyslogMessage parse(String line) {
    return parser.parse(line, NOW, PARIS);
  }

  @Test
  void rfc5424WithStructuredDataAndABom() {
    SyslogMessage m =
        parse(
            "<165>1 2026-11-30T17:59:58.123456+01:00 web-01.acme.example nginx 4123 ID47"
                + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] \uFEFFupstream"
                + " timed out\n");
    assertThat(m.format()).isEqualTo(Format.RFC5424);
    assertThat(m.facility()).isEqualTo(20);
    assertThat(m.facilityName()).isEqualTo("local4");
    assertThat(m.severityName()).isEqualTo("notice");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-30T16:59:58.123456Z"));
    assertThat(m.hostname()).isEqualTo("web-01.acme.example");
    assertThat(m.appname()).isEqualTo("nginx");
    assertThat(m.procid()).isEqualTo("4123");
    assertThat(m.msgid()).isEqualTo("ID47");
    assertThat(m.structured())
        .containsEntry("exampleSDID@32473.iut", "3")
        .containsEntry("exampleSDID@32473.eventSource", "Application");
    assertThat(m.message()).isEqualTo("upstream timed out");
  }

  @Test
  void rfc5424WithNilValues() {
    SyslogMessage m = parse("<14>1 - - - - - - no header at all");
    assertThat(m.format()).isEqualTo(Format.RFC5424);
    assertThat(m.timestamp()).isNull();
    assertThat(m.hostname()).isNull();
    assertThat(m.appname()).isNull();
    assertThat(m.message()).isEqualTo("no header at all");
  }

  @Test
  void rfc5424MessageIsKeptAsSentLineFeedsTabsAndControlsIncluded() {
    // simple-syslog-5424 alone drops CR and LF from MSG and refuses a tab.
    SyslogMessage m =
        parse("<14>1 - host app - - [a@1 k=\"x \\] y\"][b@1 j=\"\"] one\ntwo\r\tthree\u0001");
    assertThat(m.format()).isEqualTo(Format.RFC5424);
    assertThat(m.structured()).containsEntry("a@1.k", "x ] y").containsEntry("b@1.j", "");
    assertThat(m.message()).isEqualTo("one\ntwo\r\tthree\u0001");
    SyslogMessage noMessage = parse("<14>1 - host app - - -");
    assertThat(noMessage.format()).isEqualTo(Format.RFC5424);
    assertThat(noMessage.message()).isEmpty();
  }

  @Test
  void bsdWithHostTagAndPid() {
    SyslogMessage m = parse("<38>Nov 30 18:59:01 fw-lyon sshd[2211]: Accepted publickey for noc");
    assertThat(m.format()).isEqualTo(Format.RFC3164);
    assertThat(m.facilityName()).isEqualTo("auth");
    assertThat(m.severityName()).isEqualTo("info");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-30T17:59:01Z"));
    assertThat(m.hostname()).isEqualTo("fw-lyon");
    assertThat(m.appname()).isEqualTo("sshd");
    assertThat(m.procid()).isEqualTo("2211");
    assertThat(m.message()).isEqualTo("Accepted publickey for noc");
  }

  @Test
  void bsdWithASpacePaddedDayAndNoHostName() {
    // OpenWrt's and many printers' way: no host name, the sender is the address.
    SyslogMessage m = parse("<30>Nov  3 07:02:11 dnsmasq[1234]: query[A] example.com");
    assertThat(m.format()).isEqualTo(Format.RFC3164);
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-03T06:02:11Z"));
    assertThat(m.hostname()).isNull();
    assertThat(m.appname()).isEqualTo("dnsmasq");
    assertThat(m.message()).isEqualTo("query[A] example.com");
  }

  @Test
  void aTimestampWithoutYearTakesTheYearClosestToReception() {
    Instant newYear = Instant.parse("2027-01-01T00:00:30Z");
    SyslogMessage m = parser.parse("<13>Dec 31 23:59:50 host app: late", newYear, ZoneId.of("UTC"));
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-12-31T23:59:50Z"));
  }

  @Test
  void ciscoSequenceNumberMillisecondsZoneAndMnemonic() {
    SyslogMessage m =
        parse(
            "<189>000123: *Nov 30 17:58:00.123 UTC: %LINK-3-UPDOWN: Interface"
                + " GigabitEthernet0/1, changed state to down");
    assertThat(m.format()).isEqualTo(Format.RFC3164);
    assertThat(m.facilityName()).isEqualTo("local7");
    assertThat(m.severityName()).isEqualTo("notice");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-30T17:58:00.123Z"));
    assertThat(m.hostname()).isNull();
    assertThat(m.appname()).isEqualTo("LINK-3-UPDOWN");
    assertThat(m.message()).isEqualTo("Interface GigabitEthernet0/1, changed state to down");
  }

  @Test
  void anUpperCaseHostNameIsNotAZone() {
    SyslogMessage m = parse("<13>Nov 30 18:00:00 CORE app: text");
    assertThat(m.hostname()).isEqualTo("CORE");
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-30T17:00:00Z"));
  }

  @Test
  void rsyslogForwardFormatHasAnRfc3339TimestampInABsdLayout() {
    SyslogMessage m =
        parse("<86>2026-11-30T18:01:02.345678+01:00 web-01 CRON[99]: (root) CMD (run-parts)");
    assertThat(m.format()).isEqualTo(Format.RFC3164);
    assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-30T17:01:02.345678Z"));
    assertThat(m.hostname()).isEqualTo("web-01");
    assertThat(m.appname()).isEqualTo("CRON");
    assertThat(m.message()).isEqualTo("(root) CMD (run-parts)");
  }

  @Test
  void nonAsciiTextIsKept() {
    SyslogMessage m = parse("<13>Nov 30 18:00:00 imprimante app: Bac à papier vide — 纸");
    assertThat(m.message()).isEqualTo("Bac à papier vide — 纸");
  }

  @Test
  void whatCannotBeReadIsKeptWholeNeverDropped() {
    SyslogMessage noPriority = parse("just some text");
    assertThat(noPriority.format()).isEqualTo(Format.RAW);
    assertThat(noPriority.facilityName()).isEqualTo("user");
    assertThat(noPriority.severityName()).isEqualTo("notice");
    assertThat(noPriority.message()).isEqualTo("just some text");

    SyslogMessage noTimestamp = parse("<11>something failed");
    assertThat(noTimestamp.format()).isEqualTo(Format.RAW);
    assertThat(noTimestamp.severityName()).isEqualTo("err");
    assertThat(noTimestamp.message()).isEqualTo("<11>something failed");

    SyslogMessage badPriority = parse("<999>Nov 30 18:00:00 host app: x");
    assertThat(badPriority.format()).isEqualTo(Format.RAW);
    assertThat(badPriority.message()).isEqualTo("<999>Nov 30 18:00:00 host app: x");

    SyslogMessage broken5424 = parse("<14>1 not-a-time host app - - [unclosed");
    assertThat(broken5424.format()).isNotEqualTo(Format.RFC5424);
    assertThat(broken5424.message()).contains("[unclosed");

    SyslogMessage binary = parse("<14>\u0000\u0001\u0002\uFFFD");
    assertThat(binary.format()).isEqualTo(Format.RAW);
    assertThat(binary.message()).isEqualTo("<14>\u0000\u0001\u0002\uFFFD");
  }

  @Test
  void theHeaderReadByHandSaysWhatTheLibrarySaysOrLeavesItToTheLibrary() {
    SyslogParser parser = new SyslogParser();
    String[] lines = {
      "<165>1 2026-11-30T18:00:00.123456Z web-1.acme.lan nginx 4242 ID47 - the message\twith a tab",
      "<13>1 2026-11-30T19:00:00+01:00 host app - - - ",
      "<13>1 - - - - - -",
      "<13>1 2026-11-30T18:00:00Z h a p m - caf\u00e9 \uFEFFbom",
      "<13>1 2026-11-30T18:00:00.1234567Z h a p m - seven fraction digits",
      "<13>1 2026-11-30 18:00:00Z h a p m - no T",
      "<13>1 2026-11-30T18:00:00Z h\u00e9 a p m - not ASCII",
      "<13>1 2026-11-30T18:00:00Z h " + "a".repeat(49) + " p m - a long app name",
      "<13>1 2026-11-30T18:00:00Z  a p m - two spaces",
    };
    for (String line : lines) {
      int pri = Integer.parseInt(line.substring(1, line.indexOf('>')));
      int end = SyslogParser.headerAndDataEnd(line);
      SyslogMessage byHand = end < 0 ? null : Rfc5424Header.read(line, pri, end);
      SyslogMessage byLibrary = end < 0 ? null : parser.byLibrary(line, pri, end);
      if (byHand != null) {
        assertThat(byHand).as(line).isEqualTo(byLibrary);
      }
      assertThat(parser.parse(line, Instant.parse("2026-11-30T18:00:00Z"), ZoneId.of("UTC")))
          .as("the parser says what the library says: " + line)
          .satisfies(
              m -> {
                if (byLibrary != null) {
                  assertThat(m).isEqualTo(byLibrary);
                } else {
                  assertThat(m.format()).isNotEqualTo(Format.RFC5424);
                }
              });
    }
    assertThat(Rfc5424Header.read(lines[0], 165, SyslogParser.headerAndDataEnd(lines[0])))
        .as("the common case is read by hand")
        .isNotNull();
  }
}
