package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.logs.SyslogPoints.Origin;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogOriginsTest {
  private static Target target(String id, String client, String address) {
    return new Target(
        id,
        client,
        TargetKind.SNMP,
        address,
        Duration.ofSeconds(60),
        null,
        Map.of(),
        Map.of(),
        null,
        null,
        List.of());
  }

  private final LogOrigins origins =
      new LogOrigins(
          List.of(
              target("fw-lyon", "acme", "192.0.2.1"),
              target("relay-acme", "acme", "192.0.2.9"),
              target("web-01", "acme", "web-01.acme.example"),
              target("sw-globex", "globex", "198.51.100.4"),
              target("shared-a", "acme", "203.0.113.5"),
              target("shared-g", "globex", "203.0.113.5")));

  private static InetAddress ip(String a) throws Exception {
    return InetAddress.getByName(a);
  }

  @Test
  void theSendersAddressNamesItsTarget() throws Exception {
    assertThat(origins.of(ip("192.0.2.1"), null)).isEqualTo(new Origin("acme", "fw-lyon"));
    assertThat(origins.of(ip("::ffff:192.0.2.1"), "whatever"))
        .isEqualTo(new Origin("acme", "fw-lyon"));
  }

  @Test
  void aRelayOfTheSameClientPassesItsHostsLinesOn() throws Exception {
    assertThat(origins.of(ip("192.0.2.9"), "web-01")).isEqualTo(new Origin("acme", "web-01"));
    assertThat(origins.of(ip("192.0.2.9"), "WEB-01.acme.example"))
        .isEqualTo(new Origin("acme", "web-01"));
    assertThat(origins.of(ip("192.0.2.9"), "fw-lyon")).isEqualTo(new Origin("acme", "fw-lyon"));
  }

  @Test
  void aHostNameOfAnotherClientIsNotBelieved() throws Exception {
    assertThat(origins.of(ip("192.0.2.9"), "sw-globex"))
        .isEqualTo(new Origin("acme", "relay-acme"));
  }

  @Test
  void unknownAndAmbiguousSendersGoToTheNocOnlyAndAreCounted() throws Exception {
    assertThat(origins.of(ip("10.9.9.9"), "nobody")).isEqualTo(new Origin(null, null));
    assertThat(origins.of(ip("203.0.113.5"), null)).isEqualTo(new Origin(null, null));
    assertThat(origins.unknown()).isEqualTo(2);
    // an unknown sender is not believed about the host it names
    assertThat(origins.of(ip("10.9.9.9"), "sw-globex")).isEqualTo(new Origin(null, null));
    assertThat(origins.unknown()).isEqualTo(3);
  }
}
