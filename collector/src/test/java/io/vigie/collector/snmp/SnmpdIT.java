package io.vigie.collector.snmp;

import static io.vigie.collector.snmp.SnmpTargets.find;
import static io.vigie.collector.snmp.SnmpTargets.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.snmp.SnmpSettings;
import io.vigie.testkit.FreePort;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Polls of a real net-snmp snmpd, every profile, SNMPv2c and SNMPv3 authPriv. */
class SnmpdIT {
  @RegisterExtension static final Snmpd SNMPD = new Snmpd();
  private static final SnmpEngine ENGINE = new SnmpEngine(64);

  @AfterAll
  static void close() throws Exception {
    ENGINE.close();
  }

  private static SnmpSource source(io.vigie.model.inventory.Target target) {
    return new SnmpSource(ENGINE, target, SnmpTargets.SECRETS, Clock.systemUTC());
  }

  @Test
  void v2cPollOfEveryProfile() throws Exception {
    SnmpSource source =
        source(
            SnmpTargets.v2c(
                "host",
                SNMPD.port(),
                Duration.ofSeconds(10),
                List.of("system", "if-mib", "host-resources", "ucd")));
    PollResult first = poll(source);
    assertThat(first.reached()).isTrue();
    assertThat(first.failure()).isEmpty();
    assertThat(first.failureKind()).isEqualTo(FailureKind.NONE);

    Sample system = find(first, "system", null, null).orElseThrow();
    assertThat((Long) system.fields().get("uptime_s")).isGreaterThanOrEqualTo(0);
    assertThat((String) system.fields().get("sys_name")).isNotBlank();
    assertThat((String) system.fields().get("sys_descr")).contains("Linux");
    assertThat((String) system.fields().get("sys_object_id")).startsWith("1.3.6.1.4.1.8072");

    Sample lo = find(first, "interface", "ifname", "lo").orElseThrow();
    assertThat(lo.tags()).containsKey("ifindex").containsEntry("ifdescr", "lo");
    assertThat(lo.fields()).containsEntry("oper_status", 1L).containsEntry("admin_status", 1L);
    assertThat(lo.fields()).as("no rate on the first poll").doesNotContainKey("in_bytes_per_sec");

    // snmpd gives hrProcessorLoad only once it has averaged a minute: checked when present.
    assertThat(
            first.samples().stream()
                .filter(
                    s -> s.measurement().equals("cpu") && s.fields().containsKey("usage_percent")))
        .allSatisfy(
            s -> assertThat((Double) s.fields().get("usage_percent")).isBetween(0.0, 100.0));
    Sample ram = find(first, "storage", "descr", "Physical memory").orElseThrow();
    assertThat((Long) ram.fields().get("total_bytes")).isPositive();
    assertThat((Double) ram.fields().get("used_percent")).isBetween(0.0, 100.0);
    assertThat(ram.fields()).doesNotContainKey("allocation_unit");

    Sample load = find(first, "load", null, null).orElseThrow();
    assertThat(load.fields()).containsKeys("load1", "load5", "load15");
    Sample mem = find(first, "mem", null, null).orElseThrow();
    assertThat((Long) mem.fields().get("total_bytes")).isPositive();
    assertThat((Double) mem.fields().get("used_percent")).isBetween(0.0, 100.0);

    PollResult second = poll(source);
    Sample lo2 = find(second, "interface", "ifname", "lo").orElseThrow();
    assertThat((Double) lo2.fields().get("in_bytes_per_sec"))
        .as("rate on the second poll")
        .isGreaterThanOrEqualTo(0.0);
    assertThat(lo2.fields()).containsKey("out_packets_per_sec").containsKey("in_errors_per_sec");
  }

  @Test
  void v3AuthPrivOfEveryProfileAndEveryProtocolPair() throws Exception {
    PollResult all =
        poll(
            source(
                SnmpTargets.v3(
                    "v3-all",
                    SNMPD.port(),
                    Snmpd.USER,
                    SnmpSettings.AuthProtocol.SHA,
                    SnmpSettings.PrivProtocol.AES,
                    List.of("system", "if-mib", "host-resources", "ucd"),
                    "AUTH",
                    "PRIV")));
    assertThat(all.failure()).isEmpty();
    assertThat(find(all, "system", null, null).orElseThrow().fields()).containsKey("sys_name");
    assertThat(find(all, "interface", "ifname", "lo")).isPresent();
    assertThat(find(all, "storage", "descr", "Physical memory")).isPresent();
    assertThat(find(all, "load", null, null).orElseThrow().fields()).containsKey("load1");
    assertThat(find(all, "mem", null, null).orElseThrow().fields()).containsKey("used_percent");

    record Pair(String user, SnmpSettings.AuthProtocol auth, SnmpSettings.PrivProtocol priv) {}
    for (Pair pair :
        List.of(
            new Pair(
                Snmpd.USER_SHA256, SnmpSettings.AuthProtocol.SHA256, SnmpSettings.PrivProtocol.AES),
            new Pair(
                "vigie512", SnmpSettings.AuthProtocol.SHA512, SnmpSettings.PrivProtocol.AES256),
            new Pair("vigiedes", SnmpSettings.AuthProtocol.SHA, SnmpSettings.PrivProtocol.DES),
            new Pair("vigiemd5", SnmpSettings.AuthProtocol.MD5, SnmpSettings.PrivProtocol.AES))) {
      PollResult result =
          poll(
              source(
                  SnmpTargets.v3(
                      "v3-" + pair.user(),
                      SNMPD.port(),
                      pair.user(),
                      pair.auth(),
                      pair.priv(),
                      List.of("system"),
                      "AUTH",
                      "PRIV")));
      assertThat(result.failure()).as(pair.toString()).isEmpty();
      assertThat(find(result, "system", null, null).orElseThrow().fields())
          .as(pair.toString())
          .containsKey("sys_name");
    }
  }

  @Test
  void aWrongPassphraseIsAnAuthenticationFailureNotATimeout() throws Exception {
    long start = System.nanoTime();
    PollResult result =
        poll(
            source(
                SnmpTargets.v3(
                    "bad",
                    SNMPD.port(),
                    Snmpd.USER,
                    SnmpSettings.AuthProtocol.SHA,
                    "WRONG",
                    "PRIV")));
    assertThat(result.reached()).isFalse();
    assertThat(result.failure()).startsWith("authentication failure");
    assertThat(result.failureKind()).isEqualTo(FailureKind.AUTHENTICATION);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("answered, not timed out")
        .isLessThan(Duration.ofMillis(900));

    PollResult unknown =
        poll(
            source(
                SnmpTargets.v3(
                    "who", SNMPD.port(), "nobody", SnmpSettings.AuthProtocol.SHA, "AUTH", "PRIV")));
    assertThat(unknown.failure()).startsWith("unknown user");
    assertThat(unknown.failureKind()).isEqualTo(FailureKind.UNKNOWN_USER);
  }

  @Test
  void nothingListeningIsATimeout() throws Exception {
    PollResult result =
        poll(
            source(
                SnmpTargets.v2c(
                    "gone", FreePort.pick(), Duration.ofSeconds(10), List.of("system"))));
    assertThat(result.reached()).isFalse();
    assertThat(result.failure()).startsWith("timeout");
    assertThat(result.failureKind()).isEqualTo(FailureKind.TIMEOUT);
  }

  @Test
  void v1Poll() throws Exception {
    io.vigie.model.inventory.Target v2 =
        SnmpTargets.v2c("v1", SNMPD.port(), Duration.ofSeconds(10), List.of("system", "if-mib"));
    SnmpSettings s = v2.snmp();
    io.vigie.model.inventory.Target v1 =
        new io.vigie.model.inventory.Target(
            "v1",
            "acme",
            v2.kind(),
            v2.address(),
            v2.interval(),
            null,
            v2.credentials(),
            Map.of(),
            new SnmpSettings(
                SnmpSettings.Version.V1,
                s.port(),
                s.profiles(),
                s.timeout(),
                s.retries(),
                s.maxRepetitions(),
                null,
                null,
                null,
                null,
                null),
            null);
    PollResult result = poll(source(v1));
    assertThat(result.failure()).isEmpty();
    assertThat(find(result, "interface", "ifname", "lo")).isPresent();
    assertThat(find(result, "system", null, null).orElseThrow().fields()).containsKey("sys_name");
  }

  @Test
  void theSnmpCommandUsesTheInventorysCredentials(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path community =
        java.nio.file.Files.writeString(dir.resolve("community"), "public\n");
    java.nio.file.Path inventory =
        java.nio.file.Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients:
              - {id: acme, name: ACME}
            targets:
              - id: sw
                client: acme
                kind: snmp
                address: 127.0.0.1
                credentials: {community: {file: %s}}
                snmp: {port: %d}
            """
                .formatted(community, SNMPD.port()));
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      String file = inventory.toString();
      assertThat(
              io.vigie.collector.cli.VigieCli.execute(
                  "snmp", "get", "sw", "1.3.6.1.2.1.1.5.0", "--inventory", file))
          .isZero();
      assertThat(
              io.vigie.collector.cli.VigieCli.execute(
                  "snmp", "walk", "sw", "1.3.6.1.2.1.2.2.1.2", "--inventory", file))
          .isZero();
      assertThat(
              io.vigie.collector.cli.VigieCli.execute(
                  "snmp", "get", "nope", "1.3.6.1", "--inventory", file))
          .isEqualTo(1);
      assertThat(
              io.vigie.collector.cli.VigieCli.execute(
                  "snmp", "get", "sw", "1.3.x", "--inventory", file))
          .isEqualTo(1);
    } finally {
      System.setOut(stdout);
    }
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("1.3.6.1.2.1.1.5.0 = OCTET STRING: ")
        .contains("1.3.6.1.2.1.2.2.1.2.1 = OCTET STRING: lo");
  }
}
