package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line protocol as InfluxDB forwards it to a subscription: escapes, types, bad lines. */
class LineProtocolTest {

  @Test
  void readsNamesTagsFieldsAndTimeWithTheirEscapes() {
    LineProtocol.Batch batch =
        LineProtocol.parse(
            "disk\\ io,mount=/var\\ log,dev=a\\,b\\=c used=91i,free=1.5,ok=t,"
                + "text=\"say \\\"hi\\\" \\\\ there\" 1700000000000000001\n");
    assertThat(batch.unreadable()).isZero();
    LineProtocol.Point p = batch.points().get(0);
    assertThat(p.measurement()).isEqualTo("disk io");
    assertThat(p.tags()).isEqualTo(Map.of("mount", "/var log", "dev", "a,b=c"));
    assertThat(p.fields())
        .isEqualTo(Map.of("used", 91L, "free", 1.5, "ok", true, "text", "say \"hi\" \\ there"));
    assertThat(p.nanos()).isEqualTo(1_700_000_000_000_000_001L);
  }

  @Test
  void aStringFieldMayHoldLineFeedsAndSpacesAndCommas() {
    LineProtocol.Batch batch =
        LineProtocol.parse(
            "logmatch,target=a lines=\"first, line\nsecond line\",matches=2i 10\n"
                + "poll,target=b up=1i 20");
    assertThat(batch.points()).hasSize(2);
    assertThat(batch.points().get(0).fields().get("lines")).isEqualTo("first, line\nsecond line");
    assertThat(batch.points().get(1).tags()).containsEntry("target", "b");
  }

  @Test
  void aBadLineIsCountedAndItsNeighboursKept() {
    LineProtocol.Batch batch =
        LineProtocol.parse(
            "poll,target=a up=1i 10\n"
                + "poll,target=b up= 20\n"
                + "no fields here\n"
                + "poll,target=c up=0i,reason=\"unterminated 30\n"
                + "poll,target=d up=1u 40\r\n"
                + "# a comment\n"
                + "poll,target=e up=false\n");
    assertThat(batch.points())
        .extracting(p -> p.tags().get("target"))
        .containsExactly("a", "d", "e");
    assertThat(batch.unreadable()).isEqualTo(3);
    assertThat(batch.points().get(2).nanos()).isZero();
    assertThat(batch.points().get(2).fields()).containsEntry("up", false);
  }
}
