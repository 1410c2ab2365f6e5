package io.vigie.collector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a spool's batch is cut into messages, and read back by the ingester. */
class StreamWriterTest {

  @Test
  void recordsComeBackAsTheyWentEvenWithLineFeedsAndAccents() {
    List<String> records =
        List.of(
            "syslog,target=web message=\"two\nlines\" 1",
            "poll,target=sw1 up=true,reason=\"ok\" 2",
            "interface,ifalias=caf\u00e9\\ \u2424 in_bytes_per_sec=1.5 3");
    List<byte[]> bodies = StreamWriter.messages(records);
    assertThat(bodies).hasSize(1);
    assertThat(StreamWriter.records(bodies.get(0))).isEqualTo(records);
  }

  @Test
  void aLargeBatchIsCutUnderTheLimitWithoutCuttingARecord() {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      records.add("cpu,target=t" + i + " usage_percent=" + i + ".5 " + (1_700_000_000_000L + i));
    }
    List<byte[]> bodies = StreamWriter.messages(records);
    assertThat(bodies.size()).isGreaterThan(1);
    assertThat(bodies)
        .allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(StreamWriter.MAX_MESSAGE_BYTES));
    List<String> back = new ArrayList<>();
    bodies.forEach(b -> back.addAll(StreamWriter.records(b)));
    assertThat(back).isEqualTo(records);
  }

  @Test
  void aCutMessageIsRefusedRatherThanReadAsPoints() {
    byte[] body = StreamWriter.messages(List.of("m v=1 1")).get(0);
    assertThatThrownBy(() -> StreamWriter.records(Arrays.copyOf(body, body.length - 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut");
  }
}
