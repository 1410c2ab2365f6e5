package io.vigie.collector.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.collector.source.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OSHI on this very machine: the values must be there and plausible. */
class OshiHostStatsTest {
  @Test
  void readsThisHost() {
    OshiHostStats host = new OshiHostStats();
    assertThat(host.logicalCores()).isPositive();
    assertThat(host.cpuTicks()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(host.memory().total()).isGreaterThan(host.memory().available()).isPositive();
    assertThat(host.uptimeSeconds()).isPositive();
    assertThat(host.interfaces()).extracting(HostStats.InterfaceCounters::name).contains("lo");
    assertThat(host.fileSystems()).isNotEmpty();
    assertThat(host.fileSystems())
        .allSatisfy(
            fs -> {
              assertThat(
                      OshiHostStats.PSEUDO_FILESYSTEMS.contains(fs.type())
                          && !fs.mount().equals("/"))
                  .as("pseudo filesystem %s on %s", fs.type(), fs.mount())
                  .isFalse();
              assertThat(fs.total()).isPositive();
            });
  }

  @Test
  void aPollOfThisHostHasEveryMeasurement() {
    LocalAgentSource source = new LocalAgentSource(new OshiHostStats());
    // CPU usage needs ticks to pass since the baseline (10 ms granularity on Linux).
    List<Sample> samples =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(source::collect, s -> s.stream().anyMatch(x -> x.measurement().equals("cpu")));
    assertThat(samples)
        .extracting(Sample::measurement)
        .contains("cpu", "load", "mem", "disk", "net", "system");
  }
}
