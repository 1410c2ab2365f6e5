package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigie.model.logs.LogRule;
import io.vigie.model.logs.Severity;
import io.vigie.model.logs.TargetLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A target's {@code logs:}, the {@code log_rules:} of targets and clients, and their mistakes. */
class LogsSectionTest {
  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("PW", "p")), true);

  private Inventory load(String yaml) throws InventoryException {
    return loader.parse(yaml, "inv.yml");
  }

  private List<String> errors(String yaml) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> loader.parse(yaml, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors().stream().map(InventoryError::toString).toList();
  }

  @Test
  void readsSourcesAndRulesAndATargetInheritsItsClientsRulesUnlessItHasItsOwnOfTheName()
      throws Exception {
    Inventory inventory =
        load(
            """
            clients:
              - id: acme
                name: ACME
                log_rules:
                  - {name: auth, match: "Failed password for", count: 5, within: 5m}
                  - {name: critical, severity: crit, level: ERROR}
              - {id: other, name: Other}
            targets:
              - id: web-1
                client: acme
                kind: ssh
                address: 192.0.2.10
                ssh: {user: monitor, trust_on_first_use: true}
                credentials: {password: {env: PW}}
                logs:
                  senders: [192.0.2.11, web-1.acme.lan]
                  journal: {units: [nginx.service, ssh.service], priority: warning}
                  files: [/var/log/nginx/error.log]
                log_rules:
                  - {name: critical, severity: err, level: ERROR, clear_after: 30m}
                  - {name: oom, match: "Out of memory|oom-killer", level: error}
              - {id: sw-1, client: other, kind: local}
            """);
    TargetLogs logs = inventory.target("web-1").orElseThrow().logs();
    assertThat(logs.senders()).containsExactly("192.0.2.11", "web-1.acme.lan");
    assertThat(logs.journal()).isNotNull();
    assertThat(logs.journal().units()).containsExactly("nginx.service", "ssh.service");
    assertThat(logs.journal().priority()).isEqualTo(Severity.WARNING);
    assertThat(logs.files()).containsExactly("/var/log/nginx/error.log");
    assertThat(logs.followed()).isTrue();
    assertThat(logs.rules()).extracting(LogRule::name).containsExactly("critical", "oom", "auth");
    LogRule critical = logs.rules().get(0);
    assertThat(critical.severity()).isEqualTo(Severity.ERR);
    assertThat(critical.level()).isEqualTo(LogRule.Level.ERROR);
    assertThat(critical.count()).isEqualTo(1);
    assertThat(critical.within()).isEqualTo(Duration.ofMinutes(5));
    assertThat(critical.clearAfter()).isEqualTo(Duration.ofMinutes(30));
    LogRule auth = logs.rules().get(2);
    assertThat(auth.level()).as("WARNING by default").isEqualTo(LogRule.Level.WARNING);
    assertThat(auth.count()).isEqualTo(5);
    assertThat(auth.clearAfter()).as("clear_after defaults to within").isEqualTo(auth.within());
    assertThat(auth.check()).isEqualTo("log:auth");
    assertThat(inventory.target("sw-1").orElseThrow().logs()).isEqualTo(TargetLogs.NONE);
  }

  @Test
  void aRuleMatchesByRegexAndSeverityAtOrAbove() throws Exception {
    LogRule rule =
        load("""
                clients: [{id: acme, name: ACME}]
                targets:
                  - id: t
                    client: acme
                    kind: local
                    log_rules: [{name: disk, match: "I/O error", severity: warning}]
                """)
            .target("t")
            .orElseThrow()
            .logs()
            .rules()
            .get(0);
    assertThat(rule.matches(3, "blk_update_request: I/O error, dev sda")).isTrue();
    assertThat(rule.matches(4, "I/O error")).as("warning is at warning").isTrue();
    assertThat(rule.matches(6, "I/O error")).as("info is below warning").isFalse();
    assertThat(rule.matches(0, "all is well")).isFalse();
  }

  @Test
  void aRuleThatBacktracksWithoutEndOnAHostileLineDoesNotMatchItInsteadOfHanging()
      throws Exception {
    LogRule rule =
        load("""
                clients: [{id: acme, name: ACME}]
                targets:
                  - {id: t, client: acme, kind: local, log_rules: [{name: r, match: "^(a+)+$"}]}
                """)
            .target("t")
            .orElseThrow()
            .logs()
            .rules()
            .get(0);
    long start = System.nanoTime();
    assertThat(rule.matches(6, "a".repeat(40) + "!")).isFalse();
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .as("2^40 steps unbounded; the budget stops it")
        .isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(rule.matches(6, "a".repeat(40))).isTrue();
  }

  @Test
  void everyMistakeIsReportedWithItsLineKeyAndValue() {
    List<String> errors =
        errors(
            """
            clients:
              - id: acme
                name: ACME
                log_rules: [{name: bad, match: "(unclosed"}]
            targets:
              - id: sw-1
                client: acme
                kind: local
                logs: {files: [/var/log/syslog], journal: {units: [x]}, source: 1}
                log_rules:
                  - {name: quiet}
                  - {name: q2, severity: loud, level: CRITICAL}
                  - {name: q3, match: a, within: soon, count: 0}
                  - {name: q3, match: b}
              - id: web-1
                client: acme
                kind: ssh
                address: 192.0.2.10
                ssh: {user: monitor, trust_on_first_use: true}
                credentials: {password: {env: PW}}
                logs: {files: [var/log/x], journal: {units: ["a b"], priority: 9}}
            """);
    assertThat(errors)
        .containsExactly(
            "inv.yml:4:36: clients[acme].log_rules[bad].match: not a regular expression: Unclosed"
                + " group near index 9 (found \"(unclosed\")",
            "inv.yml:9:12: targets[sw-1].logs.files: only an ssh target's files are followed (over"
                + " its SSH session); a local target sends its logs by syslog",
            "inv.yml:9:38: targets[sw-1].logs.journal: only an ssh target's journal is followed"
                + " (over its SSH session)",
            "inv.yml:9:61: targets[sw-1].logs.source: unknown key; known keys: files, journal,"
                + " senders (found \"source\")",
            "inv.yml:11:9: targets[sw-1].log_rules[quiet]: says nothing to look for: give match (a"
                + " regular expression), severity (at or above), or both",
            "inv.yml:12:30: targets[sw-1].log_rules[q2].severity: a severity: emerg, alert, crit,"
                + " err, warning, notice, info, debug (or 0 to 7) (found \"loud\")",
            "inv.yml:12:43: targets[sw-1].log_rules[q2].level: must be WARNING or ERROR (found"
                + " \"CRITICAL\")",
            "inv.yml:13:38: targets[sw-1].log_rules[q3].within: not a duration: write it like"
                + " 500ms, 30s, 5m, 1h or 1h30m (found \"soon\")",
            "inv.yml:13:51: targets[sw-1].log_rules[q3].count: must be a whole number from 1 to"
                + " 1000000 (found \"0\")",
            "inv.yml:14:16: targets[sw-1].log_rules[q3].name: duplicate rule name here (first at"
                + " line 13) (found \"q3\")",
            "inv.yml:21:19: targets[web-1].logs.files: an absolute path without control characters"
                + " (found \"var/log/x\")",
            "inv.yml:21:49: targets[web-1].logs.journal.units: not a unit name (found \"a b\")",
            "inv.yml:21:68: targets[web-1].logs.journal.priority: a severity: emerg, alert, crit,"
                + " err, warning, notice, info, debug (or 0 to 7) (found \"9\")");
  }
}
