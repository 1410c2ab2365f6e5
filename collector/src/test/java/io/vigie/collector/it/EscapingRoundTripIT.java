package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.point.LineProtocol;
import io.vigie.collector.point.Point;
import io.vigie.testkit.InfluxServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Awkward text in tags and fields comes back from a real InfluxDB exactly as it was written. */
class EscapingRoundTripIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final Map<String, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put("space", "two words");
    TEXTS.put("comma", "a,b");
    TEXTS.put("equals", "k=v");
    TEXTS.put("quotes", "say \"hi\" and 'bye'");
    TEXTS.put("backslash", "C:\\Windows\\System32");
    TEXTS.put("unicode", "Société Générale — 東京 ✓");
    TEXTS.put("mixed", "a b,c=d\\e\"f");
    TEXTS.put("backslash-space", "C:\\ Label:System  Serial 1a2b");
    TEXTS.put("backslash-comma", "a\\,b\\=c");
  }

  @Test
  void tagAndFieldValuesRoundTrip() {
    INFLUX.createDatabase("esc");
    List<String> lines = new ArrayList<>();
    long time = 1_700_000_000_000L;
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      lines.add(
          LineProtocol.encode(
              Point.builder("esc")
                  .tag("case", text.getKey())
                  .tag("label", text.getValue())
                  .field("text", text.getValue())
                  .time(time++)
                  .build()));
    }
    lines.add(
        LineProtocol.encode(
            Point.builder("esc")
                .tag("case", "newline")
                .field("text", "line one\nline two\r\n\ttabbed")
                .time(time++)
                .build()));
    lines.add(
        LineProtocol.encode(
            Point.builder("odd measurement, name")
                .tag("odd key=1", "v")
                .field("odd field, =", 1.5)
                .time(time)
                .build()));
    try (InfluxBatchWriter writer = new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "esc"))) {
      assertThat(writer.write(lines)).isEqualTo(WriteOutcome.OK);
    }

    Map<String, JsonNode> byCase = new LinkedHashMap<>();
    JsonNode series =
        INFLUX.query("esc", "SELECT * FROM esc").path("results").path(0).path("series").path(0);
    List<String> columns = new ArrayList<>();
    series.path("columns").forEach(c -> columns.add(c.asString()));
    for (JsonNode row : series.path("values")) {
      byCase.put(row.get(columns.indexOf("case")).asString(), row);
    }
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      JsonNode row = byCase.get(text.getKey());
      assertThat(row.get(columns.indexOf("label")).asString())
          .as("tag %s", text.getKey())
          .isEqualTo(text.getValue());
      assertThat(row.get(columns.indexOf("text")).asString())
          .as("field %s", text.getKey())
          .isEqualTo(text.getValue());
    }
    assertThat(byCase.get("newline").get(columns.indexOf("text")).asString())
        .isEqualTo("line one\nline two\r\n\ttabbed");

    JsonNode odd =
        INFLUX.query(
            "esc", "SELECT \"odd field, =\", \"odd key=1\" FROM \"odd measurement, name\"");
    assertThat(odd.toString()).contains("1.5").contains("\"v\"");
  }

  @Test
  void outsideTagValuesInfluxDb1CannotCarryAreMappedWithoutLosingThePoint() {
    INFLUX.createDatabase("edge");
    List<String> lines =
        List.of(
            LineProtocol.encode(
                Point.builder("edge").tag("v", "ends with \\").field("n", 1L).time(1).build()),
            LineProtocol.encode(
                Point.builder("edge").tag("v", "two\nlines").field("n", 3L).time(3).build()),
            LineProtocol.encode(
                Point.builder("edge").tag("v", "cr\r\u0000\\\\").field("n", 4L).time(4).build()));
    try (InfluxBatchWriter writer = new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "edge"))) {
      assertThat(writer.write(lines)).isEqualTo(WriteOutcome.OK);
    }
    List<String> values =
        INFLUX.rows("edge", "SELECT n, v FROM edge").stream()
            .map(r -> r.get(2).asString())
            .toList();
    // Visibly mapped, never refused: see LineProtocol.
    assertThat(values).containsExactly("ends with \uFF3C", "two\u2424lines", "cr\r\u0000\\\uFF3C");
  }
}
