package io.vigie.collector.snmp;

import static io.vigie.collector.snmp.SnmpTargets.find;
import static io.vigie.collector.snmp.SnmpTargets.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.testkit.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Counter values snmpd cannot be made to give on its own (a counter cleared above 2³¹, a wrap),
 * served by a real snmpd through {@code pass_persist}: a small script answers ifTable and ifXTable
 * for one 1 Gb/s interface from a file the test rewrites between polls. The rates are exact: the
 * source's clock is a test clock.
 */
class SnmpdCountersIT {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT = "counters_pass_persist.py";
  private static final int INDEX = 7;

  @RegisterExtension
  static final Snmpd SNMPD =
      new Snmpd(
          dir -> {
            if (!Files.isExecutable(Path.of(PYTHON))) {
              throw new IllegalStateException(
                  "python3 not found: install it with `apt-get install python3`");
            }
            Path script = dir.resolve(SCRIPT);
            try (InputStream in = SnmpdCountersIT.class.getResourceAsStream("/snmpd/" + SCRIPT)) {
              Files.copy(in, script);
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            write(dir, 3_000_000_000L);
            String run = PYTHON + " " + script + " " + dir.resolve("values.txt");
            // Priority 1 takes the tables over from snmpd's own ifTable and ifXTable (127).
            return List.of(
                "pass_persist -p 1 .1.3.6.1.2.1.2.2 " + run,
                "pass_persist -p 1 .1.3.6.1.2.1.31.1.1 " + run);
          });

  private static final SnmpEngine ENGINE = new SnmpEngine(8);
  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));

  @AfterAll
  static void close() throws Exception {
    ENGINE.close();
  }

  /** The interface "uplink", 1 Gb/s (ifSpeed and ifHighSpeed), with ifInOctets at {@code in}. */
  private static void write(Path dir, long in) throws IOException {
    String i = "." + INDEX;
    String values =
        String.join(
            "\n",
            ".1.3.6.1.2.1.2.2.1.1" + i + " integer " + INDEX,
            ".1.3.6.1.2.1.2.2.1.2" + i + " string uplink",
            ".1.3.6.1.2.1.2.2.1.5" + i + " gauge 1000000000",
            ".1.3.6.1.2.1.2.2.1.7" + i + " integer 1",
            ".1.3.6.1.2.1.2.2.1.8" + i + " integer 1",
            ".1.3.6.1.2.1.2.2.1.10" + i + " counter " + in,
            ".1.3.6.1.2.1.2.2.1.16" + i + " counter 0",
            ".1.3.6.1.2.1.31.1.1.1.1" + i + " string uplink",
            ".1.3.6.1.2.1.31.1.1.1.15" + i + " gauge 1000",
            "");
    Path tmp = dir.resolve("values.tmp");
    Files.writeString(tmp, values);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, dir.resolve("values.txt"), StandardCopyOption.ATOMIC_MOVE);
  }

  private PollResult pollAfter(SnmpSource source, Duration elapsed, long in) throws Exception {
    clock.advance(elapsed);
    write(SNMPD.dir(), in);
    return poll(source);
  }

  private static Sample uplink(PollResult result) {
    assertThat(result.failure()).isEmpty();
    return find(result, "interface", "ifname", "uplink").orElseThrow();
  }

  @Test
  void aCounterClearedAbove2To31GivesNoRateAndAGenuineWrapGivesTheTrueOne() throws Exception {
    SnmpSource source =
        new SnmpSource(
            ENGINE,
            SnmpTargets.v2c("switch", SNMPD.port(), Duration.ofSeconds(5), List.of("if-mib")),
            SnmpTargets.SECRETS,
            clock);
    Sample first = uplink(poll(source));
    assertThat(first.tags()).containsEntry("ifindex", String.valueOf(INDEX));
    assertThat(first.fields()).containsEntry("speed_bps", 1_000_000_000L);

    // Cleared without a reboot: read as a wrap, 1,295,967,296 bytes in 5 s, 2 Gb/s.
    PollResult cleared = pollAfter(source, Duration.ofSeconds(5), 1_000_000);
    assertThat(uplink(cleared).fields())
        .doesNotContainKey("in_bytes_per_sec")
        .containsEntry("out_bytes_per_sec", 0.0);
    assertThat(cleared.warnings())
        .isEqualTo(
            "counter discontinuity: interface.in_bytes_per_sec ifindex=7, 259193459/s is above"
                + " the interface's 125000000/s");

    PollResult after = pollAfter(source, Duration.ofSeconds(5), 501_000_000);
    assertThat(uplink(after).fields()).containsEntry("in_bytes_per_sec", 100_000_000.0);
    assertThat(after.warnings()).isEmpty();

    PollResult nearTheTop = pollAfter(source, Duration.ofSeconds(60), 4_294_000_000L);
    assertThat(uplink(nearTheTop).fields()).containsEntry("in_bytes_per_sec", 63_216_666.666666664);

    // 967,296 bytes to the wrap, then 300,000,000.
    PollResult wrapped = pollAfter(source, Duration.ofSeconds(5), 300_000_000);
    assertThat(uplink(wrapped).fields()).containsEntry("in_bytes_per_sec", 60_193_459.2);
    assertThat(wrapped.warnings()).isEmpty();
  }
}
