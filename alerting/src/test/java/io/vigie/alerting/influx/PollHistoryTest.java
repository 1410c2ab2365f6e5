package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollHistoryTest {
  @Test
  void oneTargetsPollsNewestFirstOverTheWindowAndAQuoteCannotEndTheId() {
    PollHistory polls = new PollHistory((org.influxdb.InfluxDB) null, "vigie", Duration.ofDays(7));
    String q = polls.statement("we'b\\1", Instant.parse("2026-11-30T12:00:00Z"), 20);
    assertThat(q)
        .startsWith(
            "SELECT \"up\", \"reason\", \"failure\", \"duration_ms\", \"collector\" FROM \"poll\"")
        .contains("WHERE \"target\" = 'we\\'b\\\\1' AND time > 1795435200000000000")
        .endsWith("ORDER BY time DESC LIMIT 20");
  }
}
