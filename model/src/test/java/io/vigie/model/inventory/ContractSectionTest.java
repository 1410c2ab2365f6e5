package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigie.model.contract.Contract;
import io.vigie.model.contract.ServiceHours;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client's {@code timezone:} and {@code contract:}, and their mistakes. */
class ContractSectionTest {
  private final InventoryLoader loader = new InventoryLoader(new SecretResolver(Map.of()), true);

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
  void readsEveryField() throws Exception {
    Inventory inventory =
        load(
            """
            clients:
              - id: acme
                name: ACME
                timezone: Europe/Paris
                contract:
                  slo: 99.9
                  covers: [web1, db1]
                  warning_is_up: false
                  service_hours:
                    days: [mon, tue, Wednesday, thu, FRI]
                    from: "08:00"
                    to: 19:30
                    holidays: [2026-12-25, "2027-01-01"]
            targets:
              - {id: web1, client: acme, kind: local}
              - {id: db1, client: acme, kind: local}
              - {id: test1, client: acme, kind: local}
            """);
    Client acme = inventory.client("acme").orElseThrow();
    assertThat(acme.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    Contract contract = acme.contract();
    assertThat(contract)
        .isEqualTo(
            new Contract(
                99.9,
                List.of("web1", "db1"),
                new ServiceHours(
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    LocalTime.of(8, 0),
                    LocalTime.of(19, 30),
                    List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1))),
                false));
    assertThat(contract.covers("web1")).isTrue();
    assertThat(contract.covers("test1")).isFalse();
  }

  @Test
  void defaultsAreUtcNoContractEveryTargetWarningUpAndEveryDayWithoutHolidays() throws Exception {
    Inventory inventory =
        load(
            """
            clients:
              - {id: plain, name: Plain}
              - id: acme
                name: ACME
                timezone: UTC
                contract:
                  slo: 100
              - id: shop
                name: Shop
                contract:
                  slo: 99.5
                  service_hours: {from: "00:00", to: "24:00"}
            targets: []
            """);
    Client plain = inventory.client("plain").orElseThrow();
    assertThat(plain.zone()).isEqualTo(ZoneId.of("UTC")).isEqualTo(Client.DEFAULT_ZONE);
    assertThat(plain.contract()).isNull();
    assertThat(plain)
        .as("the short constructors give the same defaults")
        .isEqualTo(new Client("plain", "Plain", List.of(), Language.EN, null));
    Client acme = inventory.client("acme").orElseThrow();
    assertThat(acme.zone()).isEqualTo(Client.DEFAULT_ZONE);
    assertThat(acme.contract()).isEqualTo(new Contract(100, List.of(), null, true));
    assertThat(acme.contract().covers("anything")).as("no covers: every target").isTrue();
    ServiceHours hours = inventory.client("shop").orElseThrow().contract().hours();
    assertThat(hours.days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
    assertThat(hours.from()).isEqualTo(LocalTime.MIDNIGHT);
    assertThat(hours.to()).as("24:00: the end of the day").isEqualTo(LocalTime.MAX);
    assertThat(hours.holidays()).isEmpty();
  }

  @Test
  void everyMistakeIsReportedWithItsLineKeyAndValue() {
    List<String> errors =
        errors(
            """
            clients:
              - id: a
                name: A
                timezone: Europe/Pariss
                contract: {slo: 0, warning_is_up: maybe, sla: 99}
              - id: b
                name: B
                timezone: "+01:00"
                contract: {slo: 101, covers: []}
              - id: c
                name: C
                contract:
                  slo: abc
                  covers: [web1, web1, [x]]
                  service_hours:
                    days: [mon, tues, holiday]
                    from: "25:00"
                    to: 7h
                    holidays: [2026-13-01, christmas]
              - id: d
                name: D
                contract:
                  warning_is_up: true
                  service_hours: {days: [], from: "19:00", to: "08:00"}
              - {id: e, name: E, contract: 99.9, timezone: europe/paris}
              - {id: f, name: F, contract: {slo: 99, service_hours: {to: "18:00"}}}
            targets:
              - {id: web1, client: c, kind: local}
            """);
    assertThat(errors)
        .containsExactly(
            "inv.yml:4:15: clients[a].timezone: not a time zone: an IANA zone id such as"
                + " Europe/Paris or UTC (did you mean Europe/Paris?) (found \"Europe/Pariss\")",
            "inv.yml:5:21: clients[a].contract.slo: a percentage more than 0 and at most 100 (for"
                + " example 99.9) (found \"0\")",
            "inv.yml:5:39: clients[a].contract.warning_is_up: must be true or false (found"
                + " \"maybe\")",
            "inv.yml:5:46: clients[a].contract.sla: unknown key (did you mean slo?); known keys:"
                + " covers, service_hours, slo, warning_is_up (found \"sla\")",
            "inv.yml:8:15: clients[b].timezone: not a time zone: an IANA zone id such as"
                + " Europe/Paris or UTC (found \"+01:00\")",
            "inv.yml:9:21: clients[b].contract.slo: a percentage more than 0 and at most 100 (for"
                + " example 99.9) (found \"101\")",
            "inv.yml:9:34: clients[b].contract.covers: an empty list covers nothing: leave the key"
                + " out to cover every target of the client",
            "inv.yml:13:12: clients[c].contract.slo: not a number (found \"abc\")",
            "inv.yml:14:22: clients[c].contract.covers: listed twice (first at line 14) (found"
                + " \"web1\")",
            "inv.yml:14:28: clients[c].contract.covers[2]: expected a target id, found a list",
            "inv.yml:16:21: clients[c].contract.service_hours.days[1]: not a day: one of mon, tue,"
                + " wed, thu, fri, sat, sun (or their full names) (did you mean tue?) (found"
                + " \"tues\")",
            "inv.yml:16:27: clients[c].contract.service_hours.days[2]: not a day: one of mon, tue,"
                + " wed, thu, fri, sat, sun (or their full names) (found \"holiday\")",
            "inv.yml:17:15: clients[c].contract.service_hours.from: not a time of day: write it"
                + " HH:MM, from 00:00 to 23:59 (found \"25:00\")",
            "inv.yml:18:13: clients[c].contract.service_hours.to: not a time of day: write it"
                + " HH:MM, from 00:00 to 23:59 (or 24:00 for the end of the day) (found \"7h\")",
            "inv.yml:19:20: clients[c].contract.service_hours.holidays[0]: not a date: write it"
                + " YYYY-MM-DD, like 2026-12-25 (found \"2026-13-01\")",
            "inv.yml:19:32: clients[c].contract.service_hours.holidays[1]: not a date: write it"
                + " YYYY-MM-DD, like 2026-12-25 (found \"christmas\")",
            "inv.yml:23:7: clients[d].contract.slo: missing: the availability promised over a"
                + " month, in percent (for example 99.9)",
            "inv.yml:24:29: clients[d].contract.service_hours.days: no day: list some of mon, tue,"
                + " wed, thu, fri, sat, sun (or their full names)",
            "inv.yml:24:52: clients[d].contract.service_hours.to: must be after from (19:00):"
                + " service hours lie within a day (found \"08:00\")",
            "inv.yml:25:32: clients[e].contract: expected a mapping, found 99.9 (found \"99.9\")",
            "inv.yml:25:48: clients[e].timezone: not a time zone: an IANA zone id such as"
                + " Europe/Paris or UTC (did you mean Europe/Paris?) (found \"europe/paris\")",
            "inv.yml:26:57: clients[f].contract.service_hours.from: missing: a time of day such as"
                + " 08:00");
  }

  @Test
  void aContractCoversOnlyItsOwnClientsTargets() {
    List<String> errors =
        errors(
            """
            clients:
              - {id: acme, name: ACME}
              - id: globex
                name: Globex
                contract:
                  slo: 99.9
                  covers: [gx-web, web1, gx-dbb, broken]
            targets:
              - {id: web1, client: acme, kind: local}
              - {id: gx-web, client: globex, kind: local}
              - {id: gx-db, client: globex, kind: local}
              - {id: broken, client: globex, kind: lokal}
            """);
    assertThat(errors)
        .as("a target with mistakes of its own is not reported again")
        .containsExactly(
            "inv.yml:7:24: clients[globex].contract.covers: this target is client acme's: a"
                + " contract covers only its own client's targets (found \"web1\")",
            "inv.yml:7:30: clients[globex].contract.covers: no target has this id (did you mean"
                + " gx-db?) (found \"gx-dbb\")",
            "inv.yml:12:40: targets[broken].kind: must be one of local, snmp, ssh, service (found"
                + " \"lokal\")");
  }
}
