package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.logs.Received.Transport;
import io.vigie.testkit.InfluxServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Syslog points in a real InfluxDB 1.x: lines of one source received in the same instant all
 * survive (InfluxDB keeps one point per series and time), with Telegraf's tags and fields.
 */
class SyslogPointsIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @Test
  void linesOfOneSourceInTheSameInstantAreAllKept() throws Exception {
    INFLUX.createDatabase("logs");
    SyslogParser parser = new SyslogParser();
    SyslogPoints points = new SyslogPoints("test-collector");
    Instant sameInstant = Instant.parse("2026-11-30T18:00:00.123456789Z");
    InetAddress sender = InetAddress.getByName("192.0.2.7");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Received r =
          new Received(
              sameInstant,
              sender,
              Transport.TCP,
              "<1>1 2026-11-30T19:00:00+01:00 fw-lyon kernel - - [origin@32473 ip=\"192.0.2.7\"]"
                  + " line "
                  + i
                  + " with \"quotes\", a \\ and a\nline feed",
              false);
      lines.add(
          points.line(
              r,
              parser.parse(r.text(), r.at(), ZoneId.of("UTC")),
              new SyslogPoints.Origin("acme", "fw-lyon")));
    }
    HttpResponse<String> written =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=logs&precision=ns"))
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);

    List<JsonNode> rows =
        INFLUX.rows(
            "logs",
            "SELECT message, severity_code, facility_code, format, \"timestamp\", \"origin@32473_ip\""
                + " FROM syslog WHERE client = 'acme' AND target = 'fw-lyon'"
                + " AND severity = 'alert' AND facility = 'kern' AND hostname = 'fw-lyon'"
                + " AND appname = 'kernel' AND source = '192.0.2.7'");
    assertThat(rows).hasSize(5);
    for (int i = 0; i < 5; i++) {
      JsonNode row = rows.get(i);
      assertThat(row.get(1).asString())
          .isEqualTo("line " + (i + 1) + " with \"quotes\", a \\ and a\nline feed");
      assertThat(row.get(2).asLong()).isEqualTo(1);
      assertThat(row.get(3).asLong()).isZero();
      assertThat(row.get(4).asString()).isEqualTo("rfc5424");
      assertThat(row.get(5).asLong())
          .isEqualTo(Instant.parse("2026-11-30T18:00:00Z").getEpochSecond() * 1_000_000_000L);
      assertThat(row.get(6).asString()).isEqualTo("192.0.2.7");
    }
  }
}
