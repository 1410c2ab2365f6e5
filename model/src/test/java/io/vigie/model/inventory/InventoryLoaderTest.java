package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {

  private static final String CLIENTS =
      """
      version: 1
      clients:
        - id: acme
          name: ACME
          language: fr
          contacts: [it@acme.example]
      """;

  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("ACME_COMMUNITY", "s3cret")), true);

  private List<InventoryError> errors(String yaml) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> loader.parse(yaml, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors();
  }

  @Test
  void loadsAValidInventory() throws Exception {
    Inventory inventory =
        loader.parse(
            CLIENTS
                + """
                defaults:
                  interval: 20s
                targets:
                  - id: sw1
                    client: acme
                    kind: snmp
                    address: 192.0.2.1
                    interval: 1m
                    credentials:
                      community: {env: ACME_COMMUNITY}
                  - id: web1
                    client: acme
                    kind: ssh
                    address: 192.0.2.2
                    parent: sw1
                    labels: {site: paris}
                    credentials: {password: {env: ACME_COMMUNITY}}
                    ssh: {user: monitor, trust_on_first_use: true}
                  - id: me
                    client: acme
                    kind: local
                thresholds:
                  defaults:
                    - metric: cpu.usage_percent
                      warning: 80
                      error: 90
                      for: 5m
                  clients:
                    acme:
                      - metric: cpu.usage_percent
                        warning: 70
                        error: 85
                  targets:
                    web1:
                      - metric: disk.used_percent
                        where: {mount: /}
                        comparison: above
                        warning: 90
                        error: 95
                        recovery: 2
                """,
            "inv.yml");

    assertThat(inventory.clients())
        .containsExactly(new Client("acme", "ACME", List.of("it@acme.example"), Language.FR, null));
    Target sw1 = inventory.target("sw1").orElseThrow();
    assertThat(sw1.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sw1.credentials()).containsEntry("community", SecretRef.env("ACME_COMMUNITY"));
    Target web1 = inventory.target("web1").orElseThrow();
    assertThat(web1.interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(web1.parent()).isEqualTo("sw1");
    assertThat(web1.labels()).containsEntry("site", "paris");
    assertThat(inventory.target("me").orElseThrow().address()).isEqualTo("localhost");

    List<ThresholdRule> rules = inventory.thresholds().rulesFor(web1);
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).metric()).isEqualTo("cpu.usage_percent");
    assertThat(rules.get(0).warning()).as("the client's rule overrides the default").isEqualTo(70);
    assertThat(rules.get(0).forDuration()).isEqualTo(Duration.ZERO);
    assertThat(rules.get(1).where()).containsEntry("mount", "/");
  }

  @Test
  void theExampleInventoryIsValid() throws Exception {
    Inventory inventory =
        new InventoryLoader(new SecretResolver(Map.of()), true)
            .load(Path.of("..", "examples", "inventory.yml"));
    assertThat(inventory.targets()).isNotEmpty();
  }

  @Test
  void unknownKeysAreNamedWithTheirLineColumnAndASuggestion() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - id: me
                    client: acme
                    kind: local
                    intervall: 10s
                """);
    assertThat(errors).hasSize(1);
    InventoryError e = errors.get(0);
    assertThat(e.line()).isEqualTo(11);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.key()).isEqualTo("targets[me].intervall");
    assertThat(e.value()).isEqualTo("intervall");
    assertThat(e.toString())
        .startsWith("inv.yml:11:5: targets[me].intervall: unknown key (did you mean interval?)");
  }

  @Test
  void duplicateIdsAndDuplicateKeys() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - id: me
                    client: acme
                    kind: local
                  - id: me
                    client: acme
                    kind: local
                    kind: snmp
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:11:9: targets[1].id: duplicate target id (first at line 8) (found \"me\")",
            "inv.yml:14:5: targets[1].kind: duplicate key (first at line 13)");
  }

  @Test
  void unknownClientAndParentAndCycles() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - {id: a, client: acme, kind: local, parent: b}
                  - {id: b, client: acme, kind: local, parent: c}
                  - {id: c, client: acme, kind: local, parent: a}
                  - {id: d, client: acmee, kind: local, parent: nowhere}
                  - {id: e, client: acme, kind: local, parent: e}
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:8:48: targets[a].parent: parent cycle: a -> b -> c -> a (found \"b\")",
            "inv.yml:11:21: targets[d].client: no client has this id (did you mean acme?) (found"
                + " \"acmee\")",
            "inv.yml:11:49: targets[d].parent: no target has this id (found \"nowhere\")",
            "inv.yml:12:48: targets[e].parent: a target cannot be its own parent (found \"e\")");
  }

  @Test
  void badDurationsKindsAndMissingKeys() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                defaults:
                  interval: 0s
                targets:
                  - id: sw
                    client: acme
                    kind: snmpp
                    interval: 5 minutes
                  - id: ssh1
                    client: acme
                    kind: ssh
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:8:13: defaults.interval: must be more than 0 (found \"0s\")",
            "inv.yml:12:11: targets[sw].kind: must be one of local, snmp, ssh, service (found \"snmpp\")",
            "inv.yml:13:15: targets[sw].interval: not a duration: write it like 500ms, 30s, 5m, 1h"
                + " or 1h30m (found \"5 minutes\")",
            "inv.yml:14:5: targets[ssh1].address: missing",
            "inv.yml:14:5: targets[ssh1].ssh: missing: an ssh target needs ssh settings (user,"
                + " host_key)");
  }

  @Test
  void thresholdsWhereWarningIsBeyondErrorOrMetricsAreUnknown() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - {id: me, client: acme, kind: local}
                thresholds:
                  defaults:
                    - metric: cpu.usage_percent
                      warning: 95
                      error: 90
                    - metric: disk.free_bytes
                      comparison: below
                      warning: 100
                      error: 1000
                    - metric: cpu.usage
                      warning: 1
                  targets:
                    other:
                      - {metric: load.load1, warning: 4, for: soon}
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:12:16: thresholds.defaults[0].warning: warning level is beyond the error level"
                + " (90) for comparison above (found \"95\")",
            "inv.yml:16:16: thresholds.defaults[1].warning: warning level is beyond the error level"
                + " (1000) for comparison below (found \"100\")",
            "inv.yml:18:15: thresholds.defaults[2].metric: not a numeric metric of the schema (see"
                + " docs/schema.md) (found \"cpu.usage\")",
            "inv.yml:21:5: thresholds.targets.other: no target has this id (found \"other\")",
            "inv.yml:22:47: thresholds.targets.other[0].for: not a duration: write it like 500ms,"
                + " 30s, 5m, 1h or 1h30m (found \"soon\")");
  }

  @Test
  void secretsAreReferencesThatMustResolveAndAreNeverEchoed(@TempDir Path dir) throws Exception {
    Path readable = Files.writeString(dir.resolve("key"), "pass\n");
    String yaml =
        CLIENTS
            + """
            targets:
              - id: sw
                client: acme
                kind: local
                address: 192.0.2.1
                credentials:
                  community: hunter2
                  auth: {env: MISSING_VAR}
                  priv: {file: %s}
                  key: {file: %s}
                  both: {env: A, file: /b}
            """
                .formatted(readable, dir.resolve("absent"));
    List<InventoryError> errors = errors(yaml);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:13:18: targets[sw].credentials.community: secrets are never written inline:"
                + " use {env: VARIABLE} or {file: /path/to/secret}",
            "inv.yml:14:19: targets[sw].credentials.auth.env: unresolvable secret: environment"
                + " variable MISSING_VAR is not set (found \"MISSING_VAR\")",
            "inv.yml:16:19: targets[sw].credentials.key.file: unresolvable secret: secret file "
                + dir.resolve("absent")
                + " does not exist (found \""
                + dir.resolve("absent")
                + "\")",
            "inv.yml:17:13: targets[sw].credentials.both: give exactly one of env or file");
    assertThat(errors.toString()).doesNotContain("hunter2");

    Inventory offline =
        new InventoryLoader(new SecretResolver(Map.of()), false)
            .parse(
                yaml.replace("community: hunter2", "community: {env: C}")
                    .replace("      both: {env: A, file: /b}\n", ""),
                "inv.yml");
    assertThat(offline.target("sw").orElseThrow().credentials()).hasSize(4);
    assertThat(offline.target("sw").orElseThrow().snmp()).isNull();
    assertThat(
            new SecretResolver(Map.of())
                .resolve(SecretRef.file(readable.toString()))
                .orElseThrow()
                .reveal())
        .isEqualTo("pass");
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    List<InventoryError> errors =
        errors(
            """
            version: 2
            colour: blue
            clients:
              - id: acme
                language: de
                contacts: [not-an-email]
            targets:
              - id: "bad id"
                client: acme
                kind: local
            """);
    assertThat(errors)
        .extracting(InventoryError::key)
        .containsExactly(
            "version",
            "colour",
            "clients[acme].name",
            "clients[acme].language",
            "clients[acme].contacts[0]",
            "targets[0].id");
  }

  @Test
  void syntaxErrorsGiveTheirPosition() {
    List<InventoryError> errors = errors("clients:\n  - id: [unclosed\ntargets: {}\n");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).startsWith("not valid YAML");
    assertThat(errors.get(0).line()).isGreaterThan(1);
  }

  @Test
  void anchorsAliasesAndMergeKeysGiveTheValuesWritten() throws Exception {
    Inventory inventory =
        loader.parse(
            CLIENTS
                + """
                x-snmp: &snmp
                  client: acme
                  kind: snmp
                  interval: 5m
                  credentials: &creds {community: {env: ACME_COMMUNITY}}
                targets:
                  - <<: *snmp
                    id: sw1
                    address: 192.0.2.1
                    labels: {site: &site paris}
                  - <<: *snmp
                    id: sw2
                    address: 192.0.2.2
                    interval: 30s
                    labels: {site: *site, rack: r2}
                  - id: web
                    client: acme
                    kind: ssh
                    address: 192.0.2.3
                    credentials: {password: {env: ACME_COMMUNITY}}
                    ssh: {user: monitor, trust_on_first_use: true}
                    labels: {site: *site}
                """,
            "inv.yml");
    Target sw1 = inventory.target("sw1").orElseThrow();
    Target sw2 = inventory.target("sw2").orElseThrow();
    assertThat(sw1.client()).isEqualTo("acme");
    assertThat(sw1.kind()).isEqualTo(TargetKind.SNMP);
    assertThat(sw1.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(sw2.interval())
        .as("a written key wins over a merged one")
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(sw1.credentials())
        .containsExactly(Map.entry("community", SecretRef.env("ACME_COMMUNITY")));
    assertThat(sw2.credentials()).isEqualTo(sw1.credentials());
    assertThat(sw2.labels()).isEqualTo(Map.of("site", "paris", "rack", "r2"));
    assertThat(inventory.target("web").orElseThrow().labels())
        .containsExactly(Map.entry("site", "paris"));
  }

  @Test
  void aMistakeInAnAliasedValueIsReportedWhereItIsWrittenForEachUse() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                x-base: &base {client: acme, kind: local, interval: soon}
                targets:
                  - {<<: *base, id: a}
                  - {<<: *base, id: b}
                """);
    assertThat(errors)
        .extracting(
            InventoryError::line,
            InventoryError::column,
            InventoryError::key,
            InventoryError::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(7, 53, "targets[a].interval", "soon"),
            org.assertj.core.groups.Tuple.tuple(7, 53, "targets[b].interval", "soon"));
  }

  @Test
  void anAliasBombIsRefusedWithOneError() {
    StringBuilder yaml = new StringBuilder(CLIENTS).append("x-a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      yaml.append("x-")
          .append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*" + (char) (c - 1))))
          .append("]\n");
    }
    yaml.append("targets: []\n");
    List<InventoryError> errors =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> errors(yaml.toString()));
    assertThat(errors).hasSize(1);
    InventoryError e = errors.get(0);
    assertThat(e.line()).isEqualTo(12);
    assertThat(e.key()).isEqualTo("x-f[0]");
    assertThat(e.value()).isEqualTo("*e");
    assertThat(e.message()).contains("alias bomb").doesNotContain("\n");
  }

  @Test
  void aRecursiveAliasIsAnErrorAmongTheOthers() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - &t {id: a, client: acme, kind: local, labels: {self: *t}}
                  - {id: b, client: acme, kind: locall}
                """);
    assertThat(errors)
        .extracting(InventoryError::line, InventoryError::key, InventoryError::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(8, "targets[0].labels.self", "*t"),
            org.assertj.core.groups.Tuple.tuple(8, "targets[a].labels.self", null),
            org.assertj.core.groups.Tuple.tuple(9, "targets[b].kind", "locall"));
  }

  @Test
  void aNocSizedInventoryOf20000TargetsIsAccepted() throws Exception {
    String yaml = io.vigie.testkit.GeneratedInventory.snmp(20_000);
    assertThat(yaml.length())
        .as("larger than the parser's former 3 MiB limit")
        .isGreaterThan(5_000_000);
    Inventory inventory =
        new InventoryLoader(
                new SecretResolver(
                    Map.of(io.vigie.testkit.GeneratedInventory.COMMUNITY_VARIABLE, "public")),
                true)
            .parse(yaml, "noc.yml");
    assertThat(inventory.targets()).hasSize(20_000);
    Target last = inventory.target("dev-019999").orElseThrow();
    assertThat(last.parent()).isEqualTo("dev-019990");
    assertThat(last.labels()).isEqualTo(Map.of("site", "site-39", "rack", "r999"));
  }

  @Test
  void aLongParentChainIsCheckedInLinearTime() {
    StringBuilder yaml = new StringBuilder(CLIENTS).append("targets:\n");
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      yaml.append("  - {id: t")
          .append(i)
          .append(", client: acme, kind: local, parent: t")
          .append((i + 1) % n)
          .append("}\n");
    }
    List<InventoryError> errors =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> errors(yaml.toString()));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).key()).isEqualTo("targets[t0].parent");
    assertThat(errors.get(0).message())
        .startsWith("parent cycle: t0 -> t1 -> t2 -> ")
        .endsWith(" -> t19999 -> t0");
  }

  @Test
  void idsAreCheckedAsTheirPatternSays() {
    java.util.regex.Pattern id = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    for (String text :
        List.of(
            "a",
            "A9",
            "web-1",
            "w.e_b-1",
            "-a",
            ".a",
            "_a",
            "",
            "a b",
            "é",
            "a/b",
            "x".repeat(63),
            "x".repeat(64),
            "a-")) {
      assertThat(InventoryLoader.isId(text)).as(text).isEqualTo(id.matcher(text).matches());
    }
  }

  @Test
  void anUnreadableFileIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yml")))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("nope.yml:1:1: cannot read the file");
  }

  @Test
  void snmpTargetsGetDefaultsAndTheirOwnSettings() throws Exception {
    Inventory inventory =
        loader.parse(
            CLIENTS
                + """
                targets:
                  - id: sw
                    client: acme
                    kind: snmp
                    address: 192.0.2.1
                    credentials: {community: {env: ACME_COMMUNITY}}
                  - id: fw
                    client: acme
                    kind: snmp
                    address: 192.0.2.2
                    credentials:
                      auth_password: {env: ACME_COMMUNITY}
                      priv_password: {env: ACME_COMMUNITY}
                    snmp:
                      version: 3
                      user: monitor
                      auth: sha256
                      priv: aes
                      port: 1161
                      profiles: [system, ucd]
                      timeout: 500ms
                      retries: 2
                      max_repetitions: 50
                      budget: 5s
                      custom:
                        scalars:
                          - {oid: .1.3.6.1.4.1.9.9.1.0, measurement: cisco, field: temperature, type: gauge}
                        tables:
                          - measurement: ups_battery
                            columns:
                              - {oid: 1.3.6.1.2.1.33.1.2.1, field: status, type: integer}
                              - {oid: 1.3.6.1.2.1.33.1.2.2, tag: name}
                """,
            "inv.yml");
    io.vigie.model.snmp.SnmpSettings sw = inventory.target("sw").orElseThrow().snmp();
    assertThat(sw.version()).isEqualTo(io.vigie.model.snmp.SnmpSettings.Version.V2C);
    assertThat(sw.port()).isEqualTo(161);
    assertThat(sw.profiles()).containsExactly("system", "if-mib");
    io.vigie.model.snmp.SnmpSettings fw = inventory.target("fw").orElseThrow().snmp();
    assertThat(fw.version()).isEqualTo(io.vigie.model.snmp.SnmpSettings.Version.V3);
    assertThat(fw.auth()).isEqualTo(io.vigie.model.snmp.SnmpSettings.AuthProtocol.SHA256);
    assertThat(fw.priv()).isEqualTo(io.vigie.model.snmp.SnmpSettings.PrivProtocol.AES);
    assertThat(fw.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(fw.custom().scalars().get(0).oid()).isEqualTo("1.3.6.1.4.1.9.9.1.0");
    assertThat(fw.custom().tables().get(0).columns()).hasSize(2);
  }

  @Test
  void snmpMistakesComeWithLineAndColumn() {
    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - id: sw
                    client: acme
                    kind: snmp
                    address: 192.0.2.1
                    snmp:
                      version: 3
                      profiles: [system, if-mibb]
                      priv: aes
                      custom:
                        scalars:
                          - {oid: 1.3.6.x, measurement: m, field: f, type: gauge}
                          - {oid: 1.3.6.1, measurement: m, field: g, type: counter64}
                  - id: old
                    client: acme
                    kind: snmp
                    address: 192.0.2.2
                    snmp: {version: 2c, user: bob}
                  - {id: me, client: acme, kind: local, snmp: {version: 1}}
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:8:5: targets[sw].credentials.priv_password: missing: priv aes needs a"
                + " priv_password reference",
            "inv.yml:13:7: targets[sw].snmp.user: missing: SNMPv3 needs a user",
            "inv.yml:14:26: targets[sw].snmp.profiles[1]: unknown profile (did you mean if-mib?);"
                + " known: system, if-mib, host-resources, ucd (found \"if-mibb\")",
            "inv.yml:15:13: targets[sw].snmp.priv: privacy needs authentication: set auth too (found"
                + " \"aes\")",
            "inv.yml:18:19: targets[sw].snmp.custom.scalars[0].oid: not a numeric OID such as"
                + " 1.3.6.1.2.1.1.3.0 (found \"1.3.6.x\")",
            "inv.yml:19:60: targets[sw].snmp.custom.scalars[1].type: unknown type (did you mean"
                + " counter?); known: counter, float_text, gauge, integer, string, timeticks (found"
                + " \"counter64\")",
            "inv.yml:20:5: targets[old].credentials.community: missing: SNMP v1 and v2c need a"
                + " community reference, e.g. {env: SNMP_COMMUNITY}",
            "inv.yml:24:25: targets[old].snmp.user: only SNMPv3 takes user (found \"user\")",
            "inv.yml:25:41: targets[me].snmp: only a target of kind snmp takes snmp settings (found"
                + " \"snmp\")");
  }

  @Test
  void sshTargetsNeedAUserAVerifiedHostKeyAndALogin() throws Exception {
    Inventory inventory =
        loader.parse(
            CLIENTS
                + """
                targets:
                  - id: web
                    client: acme
                    kind: ssh
                    address: 192.0.2.5
                    credentials: {private_key: {env: ACME_COMMUNITY}}
                    ssh:
                      user: monitor
                      port: 2222
                      host_key: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s
                      command_timeout: 5s
                      checks:
                        - {name: nginx, command: /usr/lib/nagios/plugins/check_http -H localhost}
                        - {name: disk_root, command: check_disk -w 10% -c 5% -p /, timeout: 20s}
                """,
            "inv.yml");
    io.vigie.model.ssh.SshSettings ssh = inventory.target("web").orElseThrow().ssh();
    assertThat(ssh.user()).isEqualTo("monitor");
    assertThat(ssh.port()).isEqualTo(2222);
    assertThat(ssh.hostKey()).startsWith("SHA256:");
    assertThat(ssh.trustOnFirstUse()).isFalse();
    assertThat(ssh.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ssh.checks())
        .extracting(io.vigie.model.ssh.SshSettings.Check::name)
        .containsExactly("nginx", "disk_root");
    assertThat(ssh.checks().get(1).timeout()).isEqualTo(Duration.ofSeconds(20));

    List<InventoryError> errors =
        errors(
            CLIENTS
                + """
                targets:
                  - id: a
                    client: acme
                    kind: ssh
                    address: 192.0.2.6
                  - id: b
                    client: acme
                    kind: ssh
                    address: 192.0.2.7
                    credentials: {password: {env: ACME_COMMUNITY}}
                    ssh: {user: monitor, host_key: "md5:aa:bb"}
                  - id: c
                    client: acme
                    kind: ssh
                    address: 192.0.2.8
                    credentials: {password: {env: ACME_COMMUNITY}}
                    ssh: {user: monitor}
                """);
    assertThat(errors)
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:8:5: targets[a].ssh: missing: an ssh target needs ssh settings (user, host_key)",
            "inv.yml:17:36: targets[b].ssh.host_key: not a host key fingerprint: write it as"
                + " ssh-keygen -lf prints it, SHA256:... (found \"md5:aa:bb\")",
            "inv.yml:23:10: targets[c].ssh.host_key: missing: pin the host key (host_key:"
                + " SHA256:...), give known_hosts, or set trust_on_first_use: true");
  }
}
