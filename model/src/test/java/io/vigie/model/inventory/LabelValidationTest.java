package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Labels become tags: what InfluxDB cannot store, or a point's own tag would replace, is refused.
 */
class LabelValidationTest {
  private static final String HEAD =
      """
      clients: [{id: acme, name: ACME}]
      targets:
      """;

  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("C", "s3cret")), true);

  private List<String> errors(String targets) {
    InventoryException e =
        catchThrowableOfType(
            InventoryException.class, () -> loader.parse(HEAD + targets, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors().stream().map(InventoryError::toString).toList();
  }

  @Test
  void labelValuesInfluxDbCannotStoreAreRefusedWithLineColumnAndReason() {
    assertThat(
            errors(
                """
                  - id: web-1
                    client: acme
                    kind: local
                    labels:
                      site: "\\\\"
                      room: 'C:\\'
                      rack: ""
                      note: "two\\nlines"
                      ok: 'C:\\ Label, k=v \\x'
                """))
        .containsExactly(
            "inv.yml:7:13: targets[web-1].labels.site: a tag value cannot end with a backslash"
                + " (InfluxDB 1.x reads it as escaping the separator) (found \"\\\\\")",
            "inv.yml:8:13: targets[web-1].labels.room: a tag value cannot end with a backslash"
                + " (InfluxDB 1.x reads it as escaping the separator) (found \"C:\\\\\")",
            "inv.yml:9:13: targets[web-1].labels.rack: a tag value cannot be empty (InfluxDB 1.x"
                + " refuses a tag without one) (found \"\")",
            "inv.yml:10:13: targets[web-1].labels.note: a tag value cannot contain a line feed (the"
                + " line protocol ends the point there) (found \"two\\nlines\")");
  }

  @Test
  void aLabelNamedTypeStaysTheOperatorsEvenOnATargetWithProbes() throws Exception {
    // "type" (a device type) is a common label; the probe measurement's own tag is probe_type so
    // that adding probes never refuses an inventory that loaded before.
    Inventory inventory =
        loader.parse(
            HEAD
                + """
                  - id: fw-1
                    client: acme
                    kind: local
                    labels: {type: firewall}
                    probes:
                      - {name: ssh, type: tcp, port: 22}
                """,
            "inv.yml");
    assertThat(inventory.targets().get(0).labels()).containsOnly(Map.entry("type", "firewall"));
  }

  @Test
  void storableAwkwardLabelsAreKeptExactly() throws Exception {
    Inventory inventory =
        loader.parse(
            HEAD
                + """
                  - id: web-1
                    client: acme
                    kind: local
                    labels:
                      "my site": 'C:\\ Label, k=v \\x'
                      "r\\rn": "tab\\there\\rcr é 東 😀"
                """,
            "inv.yml");
    assertThat(inventory.targets().get(0).labels())
        .containsOnly(
            Map.entry("my site", "C:\\ Label, k=v \\x"), Map.entry("r\rn", "tab\there\rcr é 東 😀"));
  }

  @Test
  void labelNamesFollowTheTagKeyRules() {
    assertThat(
            errors(
                """
                  - id: web-1
                    client: acme
                    kind: local
                    labels: {"time": a, "x\\\\": b, "": c, "a\\nb": d}
                """))
        .containsExactly(
            "inv.yml:6:14: targets[web-1].labels.time: label name: InfluxDB 1.x refuses a tag key"
                + " named time (it is the point's timestamp) (found \"time\")",
            "inv.yml:6:25: targets[web-1].labels.x\\: label name: a tag key cannot end with a"
                + " backslash (InfluxDB 1.x reads it as escaping the separator) (found \"x\\\\\")",
            "inv.yml:6:35: targets[web-1].labels.: label name: a tag key cannot be empty (InfluxDB"
                + " 1.x refuses a tag without one) (found \"\")",
            "inv.yml:6:42: targets[web-1].labels.a\\nb: label name: a tag key cannot contain a line"
                + " feed (the line protocol ends the point there) (found \"a\\nb\")");
  }

  @Test
  void aLabelNamedLikeATagOfAMeasurementIsRefusedNamingTheMeasurements() {
    List<String> errors =
        errors(
            """
              - id: web-1
                client: acme
                kind: local
                labels: {mount: a, kind: b, collector: c, ifindex: d, site: ok}
            """);
    assertThat(errors)
        .containsExactly(
            "inv.yml:6:14: targets[web-1].labels.mount: reserved label name: the tag mount is"
                + " written by measurement disk, and would replace this label there; choose another"
                + " name (found \"mount\")",
            "inv.yml:6:24: targets[web-1].labels.kind: reserved label name: the tag kind is written"
                + " by every point about a target, measurement vigie_collector, and would replace"
                + " this label there; choose another name (found \"kind\")",
            "inv.yml:6:33: targets[web-1].labels.collector: reserved label name: the tag collector"
                + " is written by measurement poll, measurement probe, measurement syslog,"
                + " measurement logmatch, measurement vigie_collector, and would replace this label there; choose another name (found"
                + " \"collector\")",
            "inv.yml:6:47: targets[web-1].labels.ifindex: reserved label name: the tag ifindex is"
                + " written by measurement interface, and would replace this label there; choose"
                + " another name (found \"ifindex\")");
  }

  @Test
  void everyTagOfEveryMeasurementIsReserved() {
    for (io.vigie.model.schema.MeasurementDef m : io.vigie.model.schema.Schema.ALL) {
      for (String tag : m.tags()) {
        assertThat(
                errors(
                    """
                      - {id: w, client: acme, kind: local, labels: {"%s": x}}
                    """
                        .formatted(tag)))
            .as(tag)
            .singleElement()
            .asString()
            .contains("reserved label name")
            .contains("measurement " + m.name());
      }
    }
  }

  @Test
  void aLabelNamedLikeATagOfTheTargetsCustomSnmpMeasurementsIsRefused() {
    List<String> errors =
        errors(
            """
              - id: sw
                client: acme
                kind: snmp
                address: 192.0.2.1
                credentials: {community: {env: C}}
                labels: {psu: a, slot: b, port: c, site: d}
                snmp:
                  custom:
                    scalars:
                      - {oid: 1.3.6.1.4.1.9.1, measurement: power, tags: {psu: "1"}, field: w, type: gauge}
                    tables:
                      - measurement: ports
                        index_tag: port
                        columns:
                          - {oid: 1.3.6.1.4.1.9.2, tag: slot}
                          - {oid: 1.3.6.1.4.1.9.3, field: rx, type: counter}
            """);
    assertThat(errors)
        .containsExactly(
            "inv.yml:8:14: targets[sw].labels.psu: reserved label name: the tag psu is written by"
                + " this target's custom measurement power, and would replace this label there;"
                + " choose another name (found \"psu\")",
            "inv.yml:8:22: targets[sw].labels.slot: reserved label name: the tag slot is written by"
                + " this target's custom measurement ports, and would replace this label there;"
                + " choose another name (found \"slot\")",
            "inv.yml:8:31: targets[sw].labels.port: reserved label name: the tag port is written by"
                + " this target's custom measurement ports, and would replace this label there;"
                + " choose another name (found \"port\")");
  }

  @Test
  void customSnmpTagsFollowTheSameRules() {
    List<String> errors =
        errors(
            """
              - id: sw
                client: acme
                kind: snmp
                address: 192.0.2.1
                credentials: {community: {env: C}}
                snmp:
                  custom:
                    scalars:
                      - {oid: 1.3.6.1.4.1.9.1, measurement: power, tags: {psu: 'a\\', target: x}, field: w, type: gauge}
                    tables:
                      - measurement: ports
                        index_tag: "port\\\\"
                        columns:
                          - {oid: 1.3.6.1.4.1.9.2, tag: client}
                          - {oid: 1.3.6.1.4.1.9.3, field: rx, type: counter}
            """);
    assertThat(errors)
        .containsExactly(
            "inv.yml:11:68: targets[sw].snmp.custom.scalars[0].tags.psu: a tag value cannot end"
                + " with a backslash (InfluxDB 1.x reads it as escaping the separator) (found"
                + " \"a\\\\\")",
            "inv.yml:11:74: targets[sw].snmp.custom.scalars[0].tags.target: reserved tag name:"
                + " target, client, kind are on every point about a target and are set by the"
                + " collector (found \"target\")",
            "inv.yml:14:24: targets[sw].snmp.custom.tables[0].index_tag: a tag key cannot end with"
                + " a backslash (InfluxDB 1.x reads it as escaping the separator) (found"
                + " \"port\\\\\")",
            "inv.yml:16:45: targets[sw].snmp.custom.tables[0].columns[0].tag: reserved tag name:"
                + " target, client, kind are on every point about a target and are set by the"
                + " collector (found \"client\")");
  }

  @Test
  void labelsTooLongForASeriesKeyAreRefused() {
    String big = "x".repeat(1025);
    assertThat(
            errors(
                """
                  - {id: w, client: acme, kind: local, labels: {a: %s}}
                """
                    .formatted(big)))
        .singleElement()
        .asString()
        .contains("a tag value is at most 1024 bytes in UTF-8, found 1025");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      many.append("l").append(i).append(": ").append("y".repeat(1000)).append(", ");
    }
    assertThat(
            errors(
                """
                  - {id: w, client: acme, kind: local, labels: {%s}}
                """
                    .formatted(many)))
        .singleElement()
        .asString()
        .contains("targets[w].labels: the labels take 20");
  }

  @Test
  void everyErrorOfANastyInventoryIsOneLineWithoutRawControlCharacters() {
    List<String> errors =
        errors(
            """
              - id: "web\\n1"
                client: "ac\\rme"
                kind: "lo\\u2028cal"
                interval: "5\\u0000 min"
                labels:
                  "a\\nb\\u0085c": "x\\\\"
                  "ok": "y\\u001b[31m\\\\"
                  "e\\u202e": "\\t\\"\\\\\\n"
                unknown_\\u0007: 1
            """);
    assertThat(errors).hasSizeGreaterThanOrEqualTo(6);
    for (String line : errors) {
      line.codePoints()
          .forEach(
              c ->
                  assertThat(Character.getType(c))
                      .as("character U+%04X in %s", c, line)
                      .isNotIn(
                          (int) Character.CONTROL,
                          (int) Character.FORMAT,
                          (int) Character.LINE_SEPARATOR,
                          (int) Character.PARAGRAPH_SEPARATOR,
                          (int) Character.SURROGATE,
                          (int) Character.UNASSIGNED));
    }
    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains("(found \"y\\u001B[31m\\\\\")"))
        .anySatisfy(e -> assertThat(e).contains("labels.a\\nb\\u0085c:"))
        .anySatisfy(e -> assertThat(e).contains("(found \"\\t\\\"\\\\\\n\")"));
  }
}
