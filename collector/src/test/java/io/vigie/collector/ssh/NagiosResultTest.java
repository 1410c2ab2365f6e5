package io.vigie.collector.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NagiosResultTest {
  @Test
  void exitCodesMessageAndPerfdataWithUnitsAndBounds() {
    NagiosResult.Parsed p =
        NagiosResult.parse(
            "web",
            1,
            "HTTP WARNING - slow | time=250ms;200;500;0; size=2KB 'Disk Used'=81%;80;90;0;100\nmore text");
    assertThat(p.sample().tags()).containsEntry("check", "web");
    assertThat(p.sample().fields())
        .containsEntry("status", 1L)
        .containsEntry("state", "WARNING")
        .containsEntry("message", "HTTP WARNING - slow")
        .containsEntry("time", 0.25)
        .containsEntry("time_warn", 0.2)
        .containsEntry("time_crit", 0.5)
        .containsEntry("time_min", 0.0)
        .containsEntry("size", 2048.0)
        .containsEntry("disk_used", 81.0)
        .containsEntry("disk_used_max", 100.0);
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void anyOtherExitCodeIsUnknownAndBadPerfdataIsReportedNotFatal() {
    NagiosResult.Parsed p =
        NagiosResult.parse("x", 127, "sh: check_foo: not found | =1 load=abc ok=1 trailing");
    assertThat(p.sample().fields())
        .containsEntry("status", 3L)
        .containsEntry("state", "UNKNOWN")
        .containsEntry("ok", 1.0);
    assertThat(p.problems()).isNotEmpty();
    assertThat(NagiosResult.parse("y", 0, "").sample().fields())
        .containsEntry("message", "")
        .containsEntry("status", 0L);
  }
}
