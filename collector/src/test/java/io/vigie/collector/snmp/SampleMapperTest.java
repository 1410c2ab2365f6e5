package io.vigie.collector.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.source.Sample;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/** Varbinds to samples with the built-in profiles, fed by hand: no UDP, no agent. */
class SampleMapperTest {
  private static final String UPTIME = "1.3.6.1.2.1.1.3.0";
  private static final String IF_DESCR = "1.3.6.1.2.1.2.2.1.2.";
  private static final String IF_SPEED = "1.3.6.1.2.1.2.2.1.5.";
  private static final String IF_OPER = "1.3.6.1.2.1.2.2.1.8.";
  private static final String IF_IN_OCTETS = "1.3.6.1.2.1.2.2.1.10.";
  private static final String IF_HC_IN_OCTETS = "1.3.6.1.2.1.31.1.1.1.6.";
  private static final String IF_HIGH_SPEED = "1.3.6.1.2.1.31.1.1.1.15.";
  private static final long T0 = 1_700_000_000_000L;

  private static SampleMapper mapper(String... profiles) {
    return new SampleMapper(
        "test", Stream.of(profiles).map(p -> SnmpProfiles.builtIn().get(p)).toList());
  }

  /** The values of a poll, keyed as the fetch keys them, from varbinds as an agent sends them. */
  private static Map<String, Variable> values(VariableBinding... bindings) {
    Map<String, Variable> values = new LinkedHashMap<>();
    for (VariableBinding vb : bindings) {
      values.put(vb.getOid().toDottedString(), vb.getVariable());
    }
    return values;
  }

  private static VariableBinding vb(String oid, Variable value) {
    return new VariableBinding(new OID(oid), value);
  }

  private static Sample row(SampleMapper.Mapped mapped, String measurement, String tag, String v) {
    return mapped.samples().stream()
        .filter(s -> s.measurement().equals(measurement) && v.equals(s.tags().get(tag)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + measurement + " " + tag + "=" + v));
  }

  private static VariableBinding[] interfaces(long uptimeTicks, long octets32, long octets64) {
    return new VariableBinding[] {
      vb(UPTIME, new TimeTicks(uptimeTicks)),
      vb("1.3.6.1.2.1.1.5.0", new OctetString("switch-1")),
      // Interface 1 has only 32-bit counters and ifSpeed; interface 2 has 64-bit ones.
      vb(IF_DESCR + "1", new OctetString("eth0")),
      vb(IF_DESCR + "2", new OctetString("xe-0/0/0")),
      vb(IF_SPEED + "1", new Gauge32(100_000_000)),
      vb(IF_OPER + "1", new Integer32(1)),
      vb(IF_OPER + "2", new Integer32(2)),
      vb(IF_IN_OCTETS + "1", new Counter32(octets32)),
      vb(IF_IN_OCTETS + "2", new Counter32(5)),
      vb(IF_HC_IN_OCTETS + "2", new Counter64(octets64)),
      vb(IF_HIGH_SPEED + "2", new Gauge32(10_000)),
    };
  }

  @Test
  void whatToFetchStartsWithSysUpTimeAndWalksFallbacksToo() {
    SampleMapper mapper = mapper("system", "if-mib");
    assertThat(mapper.scalarOids())
        .startsWith(new OID(UPTIME))
        .doesNotHaveDuplicates()
        .contains(new OID("1.3.6.1.2.1.1.5.0"));
    assertThat(mapper.columns())
        .contains(new OID("1.3.6.1.2.1.31.1.1.1.6"), new OID("1.3.6.1.2.1.2.2.1.10"))
        .doesNotHaveDuplicates();
    assertThat(mapper("if-mib").scalarOids()).containsExactly(new OID(UPTIME));
  }

  @Test
  void scalarsAndRowsFirstThenRatesFromTheSecondPollWith64BitCountersPreferred() {
    SampleMapper mapper = mapper("system", "if-mib");
    SampleMapper.Mapped first = mapper.map(values(interfaces(100_000, 1_000, 10_000_000_000L)), T0);
    assertThat(first.warnings()).isEmpty();
    Sample system = first.samples().get(0);
    assertThat(system.measurement()).isEqualTo("system");
    assertThat(system.fields())
        .containsEntry("uptime_s", 1000L)
        .containsEntry("sys_name", "switch-1");
    Sample eth0 = row(first, "interface", "ifindex", "1");
    assertThat(eth0.tags()).containsEntry("ifdescr", "eth0");
    assertThat(eth0.fields())
        .containsEntry("oper_status", 1L)
        .containsEntry("speed_bps", 100_000_000L)
        .doesNotContainKey("in_bytes_per_sec");
    assertThat(row(first, "interface", "ifindex", "2").fields())
        .containsEntry("speed_bps", 10_000_000_000L);

    SampleMapper.Mapped second =
        mapper.map(values(interfaces(101_000, 11_000, 10_000_500_000L)), T0 + 10_000);
    assertThat(second.warnings()).isEmpty();
    assertThat(row(second, "interface", "ifindex", "1").fields())
        .containsEntry("in_bytes_per_sec", 1_000.0);
    assertThat(row(second, "interface", "ifindex", "2").fields())
        .as("the 64-bit counter, not the 32-bit one beside it")
        .containsEntry("in_bytes_per_sec", 50_000.0);
  }

  @Test
  void aRebootDropsEveryBaseline() {
    SampleMapper mapper = mapper("if-mib");
    mapper.map(values(interfaces(100_000, 1_000, 10_000_000_000L)), T0);
    SampleMapper.Mapped rebooted =
        mapper.map(values(interfaces(500, 2_000, 10_000_000_500L)), T0 + 10_000);
    assertThat(row(rebooted, "interface", "ifindex", "1").fields())
        .doesNotContainKey("in_bytes_per_sec");
    SampleMapper.Mapped after =
        mapper.map(values(interfaces(1_500, 3_000, 10_000_001_500L)), T0 + 20_000);
    assertThat(row(after, "interface", "ifindex", "1").fields())
        .containsEntry("in_bytes_per_sec", 100.0);
  }

  @Test
  void aRateAboveTheInterfaceSpeedIsADiscontinuityWarnedAboutNotWritten() {
    SampleMapper mapper = mapper("if-mib");
    mapper.map(values(interfaces(100_000, 1_000, 10_000_000_000L)), T0);
    // 1 GB in 10 s on a 100 Mb/s interface: the counter was cleared, the row reused.
    SampleMapper.Mapped jumped =
        mapper.map(values(interfaces(101_000, 1_000_001_000, 10_000_000_000L)), T0 + 10_000);
    assertThat(row(jumped, "interface", "ifindex", "1").fields())
        .doesNotContainKey("in_bytes_per_sec");
    assertThat(jumped.warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "counter discontinuity: interface.in_bytes_per_sec ifindex=1, 100000000/s is above"
                + " the interface's ");
  }

  @Test
  void valuesOfTheWrongTypeAreWarningsAndTheRestIsWritten() {
    SampleMapper mapper = mapper("system", "if-mib");
    SampleMapper.Mapped mapped =
        mapper.map(
            values(
                vb(UPTIME, new OctetString("soon")),
                vb(IF_OPER + "1", new OctetString("up")),
                vb(IF_IN_OCTETS + "1", new OctetString("many")),
                vb(IF_DESCR + "1", new OctetString("eth0"))),
            T0);
    assertThat(mapped.warnings())
        .containsExactly(
            "wrong type for system.uptime_s: OCTET STRING soon",
            "wrong type for interface.oper_status: OCTET STRING up",
            "wrong type for interface.in_bytes_per_sec: OCTET STRING many");
    assertThat(mapped.samples()).as("a row with only tags is not written").isEmpty();
  }

  @Test
  void storageIsMultipliedByItsAllocationUnitWhichIsNotWrittenAndGivesAPercentage() {
    SampleMapper mapper = mapper("host-resources");
    SampleMapper.Mapped mapped =
        mapper.map(
            values(
                vb("1.3.6.1.2.1.25.2.3.1.3.31", new OctetString("/")),
                vb("1.3.6.1.2.1.25.2.3.1.4.31", new Integer32(4096)),
                vb("1.3.6.1.2.1.25.2.3.1.5.31", new Integer32(1000)),
                vb("1.3.6.1.2.1.25.2.3.1.6.31", new Integer32(250)),
                vb("1.3.6.1.2.1.25.3.3.1.2.196608", new Integer32(7))),
            T0);
    assertThat(row(mapped, "storage", "index", "31").fields())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("total_bytes", 4_096_000L, "used_bytes", 1_024_000L, "used_percent", 25.0));
    assertThat(row(mapped, "storage", "index", "31").tags()).containsEntry("descr", "/");
    assertThat(row(mapped, "cpu", "cpu", "196608").fields()).containsEntry("usage_percent", 7.0);
  }

  @Test
  void aCustomProfileDerivesAPercentageFromItsScalars() {
    SnmpProfile custom =
        new SnmpProfile(
            "custom",
            List.of(
                new SnmpProfile.Scalar(
                    "1.3.6.1.4.1.9.1.0", "ups", Map.of(), "left", "integer", null, null),
                new SnmpProfile.Scalar(
                    "1.3.6.1.4.1.9.2.0", "ups", Map.of(), "full", "integer", null, null)),
            List.of(),
            List.of(
                new SnmpProfile.Derive(
                    "ups", Map.of(), "used_percent", null, List.of("left", "full"), null)));
    SampleMapper mapper = new SampleMapper("test", List.of(custom));
    SampleMapper.Mapped mapped =
        mapper.map(
            values(
                vb("1.3.6.1.4.1.9.1.0", new Integer32(30)),
                vb("1.3.6.1.4.1.9.2.0", new Integer32(120))),
            T0);
    assertThat(mapped.samples())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.fields())
                    .containsEntry("left", 30L)
                    .containsEntry("full", 120L)
                    .containsEntry("used_percent", 75.0));
  }

  @Test
  void thePollPointKeepsTheFirstFiveWarningsAndCountsTheRest() {
    assertThat(SnmpSource.warning(List.of())).isEmpty();
    assertThat(SnmpSource.warning(List.of("a", "b"))).isEqualTo("a; b");
    assertThat(SnmpSource.warning(List.of("a", "b", "c", "d", "e", "f", "g")))
        .isEqualTo("a; b; c; d; e (+2 more)");
  }
}
