package io.vigie.collector.snmp;

import static io.vigie.collector.snmp.SnmpTargets.find;
import static io.vigie.collector.snmp.SnmpTargets.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.snmp.SnmpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;

/** Counter arithmetic and odd agents, against a test agent whose every value the test sets. */
class SnmpSourceTest {
  private static final SnmpEngine ENGINE = new SnmpEngine(64);
  private static final String IF_IN_OCTETS = "1.3.6.1.2.1.2.2.1.10.";
  private static final String IF_HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6.";
  private static final String SYS_UPTIME = "1.3.6.1.2.1.1.3.0";

  private TestAgent agent;
  private final io.vigie.testkit.TestClock clock =
      new io.vigie.testkit.TestClock(java.time.Instant.ofEpochMilli(1_700_000_000_000L));

  @AfterAll
  static void closeEngine() throws Exception {
    ENGINE.close();
  }

  @BeforeEach
  void agent() throws Exception {
    agent = new TestAgent();
    agent.set(SYS_UPTIME, new TimeTicks(100_000));
    agent.set("1.3.6.1.2.1.1.5.0", new OctetString("switch-1"));
    // Interface 1 has only 32-bit counters; interface 2 has 64-bit ones.
    agent.set("1.3.6.1.2.1.2.2.1.2.1", new OctetString("eth0"));
    agent.set("1.3.6.1.2.1.2.2.1.2.2", new OctetString("xe-0/0/0"));
    agent.set("1.3.6.1.2.1.2.2.1.5.1", new Gauge32(100_000_000));
    agent.set("1.3.6.1.2.1.2.2.1.8.1", new Integer32(1));
    agent.set("1.3.6.1.2.1.2.2.1.8.2", new Integer32(2));
    agent.set(IF_IN_OCTETS + "1", new Counter32(1000));
    agent.set(IF_IN_OCTETS + "2", new Counter32(5));
    agent.set(IF_HC_IN_OCTETS + "2", new Counter64(10_000_000_000L));
    agent.set("1.3.6.1.2.1.31.1.1.1.1.2", new OctetString("xe-0/0/0"));
    agent.set("1.3.6.1.2.1.31.1.1.1.15.2", new Gauge32(10_000));
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
  }

  private SnmpSource source(SnmpSettings.Version version, List<String> profiles) {
    SnmpSettings settings =
        new SnmpSettings(
            version,
            agent.port(),
            profiles,
            Duration.ofMillis(300),
            0,
            10,
            null,
            null,
            null,
            null,
            null);
    Target target =
        new Target(
            "sw",
            "acme",
            TargetKind.SNMP,
            "127.0.0.1",
            Duration.ofSeconds(10),
            null,
            Map.of("community", SecretRef.env("COMMUNITY")),
            Map.of(),
            settings,
            null);
    return new SnmpSource(ENGINE, target, SnmpTargets.SECRETS, clock);
  }

  private static Sample iface(PollResult result, String index) {
    return find(result, "interface", "ifindex", index).orElseThrow();
  }

  @Test
  void ratesFromTwoPollsWith64BitCountersPreferredAnd32BitAsFallback() throws Exception {
    SnmpSource source = source(SnmpSettings.Version.V2C, List.of("system", "if-mib"));
    PollResult first = poll(source);
    assertThat(iface(first, "1").fields()).doesNotContainKey("in_bytes_per_sec");
    assertThat(iface(first, "2").tags()).containsEntry("ifname", "xe-0/0/0");
    assertThat(iface(first, "2").fields())
        .containsEntry("speed_bps", 10_000_000_000L)
        .containsEntry("oper_status", 2L);
    assertThat(iface(first, "1").fields()).containsEntry("speed_bps", 100_000_000L);

    clock.advance(java.time.Duration.ofSeconds(10));
    agent.set(SYS_UPTIME, new TimeTicks(101_000));
    agent.set(IF_IN_OCTETS + "1", new Counter32(21_000));
    agent.set(IF_IN_OCTETS + "2", new Counter32(6)); // ignored: the 64-bit counter wins
    agent.set(IF_HC_IN_OCTETS + "2", new Counter64(10_050_000_000L));
    PollResult second = poll(source);
    assertThat(iface(second, "1").fields()).containsEntry("in_bytes_per_sec", 2_000.0);
    assertThat(iface(second, "2").fields()).containsEntry("in_bytes_per_sec", 5_000_000.0);
    assertThat(second.failure()).isEmpty();
  }

  @Test
  void a32BitWrapGivesTheTrueRateAndAResetGivesNone() throws Exception {
    SnmpSource source = source(SnmpSettings.Version.V2C, List.of("if-mib"));
    agent.set(IF_IN_OCTETS + "1", new Counter32(4_294_967_000L));
    poll(source);

    clock.advance(java.time.Duration.ofSeconds(10));
    agent.set(SYS_UPTIME, new TimeTicks(101_000));
    agent.set(IF_IN_OCTETS + "1", new Counter32(704)); // wrapped: 296 + 704 = 1,000 bytes
    assertThat(iface(poll(source), "1").fields()).containsEntry("in_bytes_per_sec", 100.0);

    clock.advance(java.time.Duration.ofSeconds(10));
    agent.set(SYS_UPTIME, new TimeTicks(102_000));
    agent.set(IF_HC_IN_OCTETS + "2", new Counter64(1_000L)); // a 64-bit counter going down: reset
    assertThat(iface(poll(source), "2").fields()).doesNotContainKey("in_bytes_per_sec");
  }

  @Test
  void a32BitCounterClearedAbove2To31OnAGigabitInterfaceGivesNoRateThenTheTrueOne()
      throws Exception {
    SnmpSource source = source(SnmpSettings.Version.V2C, List.of("if-mib"));
    agent.set("1.3.6.1.2.1.2.2.1.5.1", new Gauge32(1_000_000_000));
    agent.set(IF_IN_OCTETS + "1", new Counter32(3_000_000_000L));
    poll(source);

    clock.advance(java.time.Duration.ofSeconds(5));
    agent.set(IF_IN_OCTETS + "1", new Counter32(1_000_000)); // cleared, no reboot
    PollResult cleared = poll(source);
    // Read as a wrap, 1,295,967,296 bytes in 5 s: 2 Gb/s on a 1 Gb/s interface.
    assertThat(iface(cleared, "1").fields()).doesNotContainKey("in_bytes_per_sec");
    assertThat(cleared.warnings())
        .contains(
            "counter discontinuity: interface.in_bytes_per_sec ifindex=1, 259193459/s is above"
                + " the interface's 125000000/s");

    clock.advance(java.time.Duration.ofSeconds(5));
    agent.set(IF_IN_OCTETS + "1", new Counter32(501_000_000));
    PollResult next = poll(source);
    assertThat(iface(next, "1").fields()).containsEntry("in_bytes_per_sec", 100_000_000.0);
    assertThat(next.warnings()).isEmpty();

    clock.advance(java.time.Duration.ofSeconds(5));
    agent.set(IF_IN_OCTETS + "1", new Counter32(4_294_000_000L));
    poll(source);
    clock.advance(java.time.Duration.ofSeconds(5));
    agent.set(IF_IN_OCTETS + "1", new Counter32(300_000_000)); // a genuine wrap
    assertThat(iface(poll(source), "1").fields()).containsEntry("in_bytes_per_sec", 60_193_459.2);
  }

  @Test
  void aRebootResetsEveryBaselineWithoutASpike() throws Exception {
    SnmpSource source = source(SnmpSettings.Version.V2C, List.of("system", "if-mib"));
    agent.set(IF_IN_OCTETS + "1", new Counter32(3_000_000_000L));
    poll(source);

    clock.advance(java.time.Duration.ofSeconds(10));
    agent.set(SYS_UPTIME, new TimeTicks(500)); // rebooted 5 s ago
    agent.set(IF_IN_OCTETS + "1", new Counter32(2_000_000_000L)); // would look like a wrap
    PollResult afterReboot = poll(source);
    assertThat(iface(afterReboot, "1").fields()).doesNotContainKey("in_bytes_per_sec");
    assertThat(find(afterReboot, "system", null, null).orElseThrow().fields())
        .containsEntry("uptime_s", 5L);

    clock.advance(java.time.Duration.ofSeconds(10));
    agent.set(SYS_UPTIME, new TimeTicks(1_500));
    agent.set(IF_IN_OCTETS + "1", new Counter32(2_000_010_000L));
    assertThat(iface(poll(source), "1").fields()).containsEntry("in_bytes_per_sec", 1_000.0);
  }

  @Test
  void missingObjectsAndWrongTypesAreRecordedAndTheRestIsKept() throws Exception {
    agent.set("1.3.6.1.2.1.1.1.0", Null.noSuchInstance); // sysDescr
    agent.set("1.3.6.1.4.1.2021.10.1.3.1", new OctetString("not a number")); // laLoad.1
    agent.set("1.3.6.1.4.1.2021.10.1.3.2", new OctetString("0.25"));
    agent.set("1.3.6.1.4.1.2021.10.1.3.3", new OctetString("0.5"));
    agent.set("1.3.6.1.2.1.1.2.0", new org.snmp4j.smi.OID("1.3.6.1.4.1.9.1.1"));
    for (String ucd : List.of("4.5.0", "4.6.0", "4.3.0", "11.9.0", "11.10.0", "11.11.0")) {
      agent.set("1.3.6.1.4.1.2021." + ucd, new Integer32(50));
    }
    SnmpSource source = source(SnmpSettings.Version.V2C, List.of("system", "if-mib", "ucd"));
    PollResult result = poll(source);
    assertThat(result.reached()).isTrue();
    assertThat(result.failure()).isEmpty();
    assertThat(result.warnings())
        .contains("noSuchInstance 1.3.6.1.2.1.1.1.0")
        .contains("wrong type for load.load1");
    assertThat(find(result, "load", null, null).orElseThrow().fields())
        .containsEntry("load5", 0.25)
        .doesNotContainKey("load1");
    assertThat(find(result, "system", null, null).orElseThrow().fields())
        .containsEntry("sys_name", "switch-1");
    assertThat(iface(result, "1").fields()).containsEntry("oper_status", 1L);
  }

  @Test
  void anAgentThatMishandlesGetBulkIsWalkedWithGetNext() throws Exception {
    agent.breakBulk();
    PollResult bulkBroken = poll(source(SnmpSettings.Version.V2C, List.of("if-mib")));
    assertThat(bulkBroken.failure()).isEmpty();
    assertThat(iface(bulkBroken, "2").tags()).containsEntry("ifname", "xe-0/0/0");
  }

  @Test
  void aSlowAgentIsCutByTheBudgetAndKeepsWhatArrived() throws Exception {
    SnmpSettings settings =
        new SnmpSettings(
            SnmpSettings.Version.V2C,
            agent.port(),
            List.of("system", "if-mib"),
            Duration.ofMillis(400),
            0,
            1,
            Duration.ofMillis(700),
            null,
            null,
            null,
            null);
    Target target =
        new Target(
            "slow",
            "acme",
            TargetKind.SNMP,
            "127.0.0.1",
            Duration.ofSeconds(10),
            null,
            Map.of("community", SecretRef.env("COMMUNITY")),
            Map.of(),
            settings,
            null);
    agent.delay(250);
    PollResult result = poll(new SnmpSource(ENGINE, target, SnmpTargets.SECRETS, clock));
    assertThat(result.reached()).isTrue();
    assertThat(result.failure()).startsWith("time budget exceeded");
    assertThat(find(result, "system", null, null))
        .as("what arrived before the budget ran out")
        .isPresent();
  }
}
