package io.vigie.dashboards.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.dashboards.Inventories;
import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.dashboards.grafana.Element;
import io.vigie.dashboards.grafana.GridPos;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.provision.Provisioning;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * What the generator writes, compared exactly with golden files, and the properties that must hold
 * for any inventory. Regenerate the golden files on purpose with {@code -Dvigie.regenerate=true},
 * and read the diff.
 */
class GeneratorTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final Pattern TARGET_IN_QUERY = Pattern.compile("\"target\" = '([^']*)'");
  private static final Pattern CLIENT_IN_QUERY = Pattern.compile("\"client\" = '([^']*)'");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"example", "full"})
  void provisioningMatchesTheGoldenFiles(String name) throws IOException {
    Path inventory = name.equals("example") ? Inventories.EXAMPLE : Inventories.FULL;
    Generated generated = new Generator().generate(Inventories.load(inventory));
    Path out = dir.resolve(name);
    new Provisioning(out, Provisioning.DEFAULT_DASHBOARDS_PATH).write(generated);
    Path golden = GOLDEN.resolve(name);
    if (Boolean.getBoolean("vigie.regenerate")) {
      deleteTree(golden);
      copyTree(out, golden);
    }
    assertThat(files(out)).isEqualTo(files(golden));
  }

  @Test
  void theSameInventoryGivesTheSameBytes() {
    Inventory inventory = Inventories.load(Inventories.FULL);
    List<String> first =
        new Generator()
            .generate(inventory).dashboards().stream().map(DashboardJson::write).toList();
    List<String> second =
        new Generator()
            .generate(inventory).dashboards().stream().map(DashboardJson::write).toList();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void eachClientHasAFolderWithItsOverviewAndOnlyItsOwnTargets() {
    Inventory inventory = Inventories.load(Inventories.FULL);
    Generated generated = new Generator().generate(inventory);
    assertThat(generated.folders())
        .extracting(Generated.Folder::title)
        .containsExactly(
            "Vigie NOC",
            "NOC internal",
            "ACME Industries Lyon",
            "Dupont \"&\" Fils <b>",
            "ACME Industries Lyon (acme2)");
    for (Generated.Folder folder : generated.folders()) {
      if (folder.clientId() == null) {
        assertThat(folder.dashboards())
            .extracting(Dashboard::uid)
            .containsExactly(DashboardNames.OVERVIEW_UID);
        continue;
      }
      Set<String> own =
          inventory.targets().stream()
              .filter(t -> t.client().equals(folder.clientId()))
              .map(Target::id)
              .collect(java.util.stream.Collectors.toSet());
      assertThat(folder.uid()).isEqualTo(DashboardNames.clientFolderUid(folder.clientId()));
      assertThat(folder.dashboards().get(0).uid())
          .isEqualTo(DashboardNames.clientUid(folder.clientId()));
      assertThat(folder.dashboards()).hasSize(1 + own.size());
      for (Dashboard dashboard : folder.dashboards()) {
        String json = DashboardJson.write(dashboard);
        Set<String> targets = matches(TARGET_IN_QUERY, json);
        assertThat(own).as(dashboard.uid()).containsAll(targets);
        assertThat(matches(CLIENT_IN_QUERY, json))
            .as(dashboard.uid())
            .isSubsetOf(Set.of(folder.clientId()));
        assertThat(dashboard.tags()).contains(DashboardNames.OWNER_TAG);
      }
    }
  }

  @Test
  void everyLinkLeadsToAGeneratedDashboardAndEveryTargetCanBeReachedFromTheOverviews() {
    Inventory inventory = Inventories.load(Inventories.FULL);
    Generated generated = new Generator().generate(inventory);
    Set<String> uids = new HashSet<>();
    generated.dashboards().forEach(d -> assertThat(uids.add(d.uid())).as(d.uid()).isTrue());
    Set<String> linked = new HashSet<>();
    Map<String, Set<String>> linksFrom = new TreeMap<>();
    for (Dashboard dashboard : generated.dashboards()) {
      Set<String> out =
          matches(Pattern.compile("\"url\": \"/d/([^\"]+)\""), DashboardJson.write(dashboard));
      linksFrom.put(dashboard.uid(), out);
      linked.addAll(out);
    }
    assertThat(uids).containsAll(linked);
    for (Target target : inventory.targets()) {
      String uid = DashboardNames.targetUid(target.id());
      assertThat(linksFrom.get(DashboardNames.OVERVIEW_UID)).as("NOC overview").contains(uid);
      assertThat(linksFrom.get(DashboardNames.clientUid(target.client())))
          .as("client overview")
          .contains(uid);
      assertThat(linksFrom.get(uid))
          .as("back from " + uid)
          .contains(DashboardNames.OVERVIEW_UID, DashboardNames.clientUid(target.client()));
    }
  }

  @Test
  void panelsNeverOverlapAndStayOnTheGrid() {
    for (Dashboard dashboard :
        new Generator().generate(Inventories.load(Inventories.FULL)).dashboards()) {
      List<GridPos> placed = new ArrayList<>();
      Set<Integer> ids = new HashSet<>();
      for (Element element : dashboard.panels()) {
        GridPos p = element.gridPos();
        assertThat(p.x() + p.w()).as(dashboard.uid()).isLessThanOrEqualTo(24);
        for (GridPos q : placed) {
          boolean overlap =
              p.x() < q.x() + q.w()
                  && q.x() < p.x() + p.w()
                  && p.y() < q.y() + q.h()
                  && q.y() < p.y() + p.h();
          assertThat(overlap).as("%s: %s overlaps %s", dashboard.uid(), p, q).isFalse();
        }
        placed.add(p);
        int id =
            element instanceof Panel panel
                ? panel.id()
                : ((io.vigie.dashboards.grafana.Row) element).id();
        assertThat(ids.add(id)).as("%s: id %d twice", dashboard.uid(), id).isTrue();
      }
    }
  }

  @Test
  void theGridShowsEachStatusInItsColour() {
    Dashboard overview =
        new Generator().generate(Inventories.load(Inventories.EXAMPLE)).dashboards().get(0);
    JsonNode grid =
        panels(overview).stream()
            .filter(p -> p.path("title").asString().equals("Status grid"))
            .findFirst()
            .orElseThrow();
    assertThat(grid.path("type").asString()).isEqualTo("stat");
    JsonNode values = grid.at("/fieldConfig/defaults/mappings/0/options");
    assertThat(values.path("0").path("text").asString()).isEqualTo("RUN");
    assertThat(values.path("0").path("color").asString()).isEqualTo(Statuses.RUN);
    assertThat(values.path("1").path("text").asString()).isEqualTo("WARNING");
    assertThat(values.path("1").path("color").asString()).isEqualTo("#FFB000");
    assertThat(values.path("2").path("text").asString()).isEqualTo("ERROR");
    assertThat(values.path("2").path("color").asString()).isEqualTo("#E02F44");
    assertThat(values.path("3").path("text").asString()).isEqualTo("DEAD");
    assertThat(values.path("3").path("color").asString()).isEqualTo("#3D3D3D");
    assertThat(grid.at("/options/colorMode").asString()).isEqualTo("background");
  }

  @Test
  void probesGetOnlyThePanelsTheirTypeWritesAndAServiceTargetNoPolling() {
    Generated generated = new Generator().generate(Inventories.load(Inventories.FULL));
    Dashboard office =
        generated.dashboards().stream()
            .filter(d -> d.uid().equals(DashboardNames.targetUid("acme-office")))
            .findFirst()
            .orElseThrow();
    List<JsonNode> panels = panels(office);
    List<String> titles = panels.stream().map(p -> p.path("title").asString()).toList();
    // A service target: status, then its probes; nothing about polls, which never come.
    assertThat(titles).doesNotContain("Polling", "Reachability", "Last polls");
    assertThat(DashboardJson.write(office)).doesNotContain("FROM \\\"poll\\\"");
    assertThat(titles)
        .contains(
            "Sonde l'intranet (http)",
            "Service l'intranet disponible",
            "Statut HTTP de l'intranet",
            "Sonde ping (icmp)",
            "Perte de paquets vers ping",
            "Allers-retours : ping",
            "Code de réponse DNS de resolver",
            "Réponses DNS de resolver",
            "Statut SIP de pbx",
            "Statut RTSP de entrance",
            "Flux proposés par entrance")
        // icmp's run is the pings' spacing, not a latency; http (not https) has no certificate
        .doesNotContain(
            "Temps de réponse par phase : ping",
            "Jours avant l'expiration du certificat : l'intranet");
    assertThat(titles).noneMatch(t -> t.contains("{"));
    int intranetPhases = 0;
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String query = target.path("query").asString();
        if (query.contains("FROM \"probe\"")) {
          assertThat(query).contains("\"target\" = 'acme-office' AND \"probe\" = '");
        }
        if (query.contains("'l\\'intranet'") && query.contains("first_byte_ms")) {
          // http: its name resolved, its connection, no TLS handshake (an http:// URL)
          assertThat(query).contains("dns_ms", "connect_ms");
          assertThat(query).doesNotContain("tls_ms");
          intranetPhases++;
        }
      }
    }
    assertThat(intranetPhases).as("the http probe's latency by phase panel").isEqualTo(1);
    JsonNode upHistory =
        panels.stream()
            .filter(p -> p.path("title").asString().equals("Service ping disponible"))
            .findFirst()
            .orElseThrow();
    assertThat(upHistory.at("/fieldConfig/defaults/mappings/0/options/1/text").asString())
        .isEqualTo("disponible");
    assertThat(upHistory.at("/fieldConfig/defaults/mappings/0/options/0/text").asString())
        .isEqualTo("indisponible");
    assertThat(upHistory.path("interval").asString()).isEqualTo("30s");

    Dashboard web =
        generated.dashboards().stream()
            .filter(d -> d.uid().equals(DashboardNames.targetUid("Web_01")))
            .findFirst()
            .orElseThrow();
    JsonNode certificate =
        panels(web).stream()
            .filter(p -> p.path("title").asString().startsWith("Jours avant l'expiration"))
            .findFirst()
            .orElseThrow();
    assertThat(certificate.at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble())
        .isEqualTo(7.0);
    assertThat(certificate.at("/fieldConfig/defaults/thresholds/steps/2/value").asDouble())
        .isEqualTo(30.0);
    assertThat(certificate.at("/fieldConfig/defaults/custom/thresholdsStyle/mode").asString())
        .isEqualTo("dashed");
    // A polled target with probes keeps its polling row.
    assertThat(panels(web).stream().map(p -> p.path("title").asString()))
        .contains("Polling", "Sonde smtp (tcp)");

    Dashboard acme =
        generated.dashboards().stream()
            .filter(d -> d.uid().equals(DashboardNames.clientUid("acme")))
            .findFirst()
            .orElseThrow();
    List<String> overview = panels(acme).stream().map(p -> p.path("title").asString()).toList();
    assertThat(overview).contains("Services", "Services maintenant", "Services et raisons");
    assertThat(overview.indexOf("Services")).isLessThan(overview.indexOf("Transitions"));
    // A client without probes has no Services row.
    Dashboard dupont =
        generated.dashboards().stream()
            .filter(d -> d.uid().equals(DashboardNames.clientUid("Dupont.Fils")))
            .findFirst()
            .orElseThrow();
    assertThat(panels(dupont).stream().map(p -> p.path("title").asString()))
        .doesNotContain("Services");
  }

  @Test
  void logsPanelsReadTheirRetentionPolicyAndOnlyTheirTargetOrClient() {
    Inventory inventory = Inventories.load(Inventories.FULL);
    // A name that needs quoting: it must stay one identifier.
    Generated generated = new Generator("logs \"30d\"").generate(inventory);
    String from = "FROM \"logs \\\"30d\\\"\".\"syslog\" WHERE ";
    for (Dashboard dashboard : generated.dashboards()) {
      List<String> queries = new ArrayList<>();
      List<JsonNode> tables = new ArrayList<>();
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          String query = target.path("query").asString();
          if (query.contains("syslog")) {
            queries.add(query);
            if (panel.path("type").asString().equals("table")) {
              tables.add(panel);
            }
          }
        }
      }
      if (dashboard.uid().equals(DashboardNames.OVERVIEW_UID)) {
        assertThat(queries).isEmpty();
        continue;
      }
      Target target =
          inventory.targets().stream()
              .filter(t -> DashboardNames.targetUid(t.id()).equals(dashboard.uid()))
              .findFirst()
              .orElse(null);
      if (target != null) {
        assertThat(queries)
            .as(dashboard.uid())
            .containsExactly(
                "SELECT \"severity\", \"appname\", \"hostname\", \"message\" "
                    + from
                    + "\"client\" = "
                    + literal(target.client())
                    + " AND \"target\" = "
                    + literal(target.id())
                    + " AND $timeFilter ORDER BY time DESC LIMIT 500");
      } else {
        Client client =
            inventory.clients().stream()
                .filter(c -> DashboardNames.clientUid(c.id()).equals(dashboard.uid()))
                .findFirst()
                .orElseThrow();
        String scope = from + "\"client\" = " + literal(client.id()) + " AND $timeFilter ";
        assertThat(queries)
            .as(dashboard.uid())
            .containsExactly(
                "SELECT count(\"message\") "
                    + scope
                    + "GROUP BY time($__interval), \"severity\" fill(none)",
                "SELECT \"target\", \"severity\", \"appname\", \"hostname\", \"message\" "
                    + scope
                    + "ORDER BY time DESC LIMIT 500");
      }
      JsonNode severity = tables.get(0).at("/fieldConfig/overrides/0");
      assertThat(severity.at("/matcher/options").asString()).isEqualTo("severity");
      JsonNode colours = severity.at("/properties/0/value/0/options");
      for (String red : List.of("emerg", "alert", "crit", "err")) {
        assertThat(colours.at("/" + red + "/color").asString()).isEqualTo(Statuses.ERROR);
      }
      assertThat(colours.at("/warning/color").asString()).isEqualTo(Statuses.WARNING);
      assertThat(colours.at("/info/color").asString()).isEqualTo("text");
      assertThat(colours.at("/notice/color").asString()).isEqualTo("text");
      assertThat(colours.at("/debug/color").asString()).isEqualTo(Statuses.NO_DATA);
    }
  }

  @Test
  void theLogsRetentionPolicyMustBeNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Generator(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** An InfluxQL string literal, quoted as the generator quotes it. */
  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Test
  void oddIdsAndNamesNeverBreakTheJsonNorTheQueries() {
    // Built by hand: the inventory's loader would refuse these ids, the generator must not care.
    List<String> ids =
        List.of("quote'd", "back\\slash", "new\nline", "</script>", "dé.jà", "a b", "\"x\"");
    List<Target> targets = new ArrayList<>();
    for (String id : ids) {
      targets.add(
          new Target(
              id,
              "c/1",
              TargetKind.LOCAL,
              null,
              Duration.ofSeconds(10),
              null,
              Map.of(),
              Map.of(),
              null,
              null));
    }
    Inventory inventory =
        new Inventory(
            "test",
            Duration.ofSeconds(10),
            List.of(new Client("c/1", "Évry \"Sud\" / Nord\n", List.of(), Language.FR, null)),
            targets,
            Thresholds.none());
    Generated generated = new Generator().generate(inventory);
    Set<String> uids = new HashSet<>();
    for (Dashboard dashboard : generated.dashboards()) {
      assertThat(dashboard.uid()).matches("[A-Za-z0-9_-]{1,40}");
      assertThat(uids.add(dashboard.uid())).isTrue();
      JsonNode parsed = DashboardJson.mapper().readTree(DashboardJson.write(dashboard));
      assertThat(parsed.path("uid").asString()).isEqualTo(dashboard.uid());
    }
    for (String id : ids) {
      Dashboard detail =
          generated.dashboards().stream()
              .filter(d -> d.uid().equals(DashboardNames.targetUid(id)))
              .findFirst()
              .orElseThrow();
      assertThat(detail.title()).isEqualTo(id);
      String query = DashboardJson.tree(detail).at("/panels/1/targets/0/query").asString();
      String literal = "'" + id.replace("\\", "\\\\").replace("'", "\\'") + "'";
      assertThat(query).contains("\"target\" = " + literal);
    }
    assertThat(generated.folders().get(1).title()).isEqualTo("Évry \"Sud\" Nord");
    assertThat(generated.folders().get(1).uid()).matches("vigie-f-c-1_[0-9a-f]{12}");
  }

  private static List<JsonNode> panels(Dashboard dashboard) {
    List<JsonNode> all = new ArrayList<>();
    DashboardJson.tree(dashboard).path("panels").forEach(all::add);
    return all;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new HashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
