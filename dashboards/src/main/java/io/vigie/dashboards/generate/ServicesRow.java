package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldColor;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Property;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Link;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import io.vigie.model.schema.ProbeSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A client overview's Services row. Apart from {@link Overviews} because it is a section of its
 * own, present only when the client's targets have probes.
 */
final class ServicesRow {
  private static final int TILES_PER_LINE = 8;

  private ServicesRow() {}

  /**
   * The Services row, when a target has probes: a tile per probe, up or down, that opens its
   * target's detail, and a table with the type, why a probe is down and its certificate's days.
   */
  static void add(Layout layout, String scope, List<Target> targets, Language language) {
    List<FieldOverride> tileLinks = new ArrayList<>();
    int probes = 0;
    for (Target target : targets) {
      for (Probe probe : target.probes()) {
        probes++;
        tileLinks.add(
            FieldOverride.byName(
                target.id() + " " + probe.name(),
                new Property(
                    "links",
                    List.of(
                        Link.toDashboard(
                            target.id() + " detail",
                            DashboardNames.targetUid(target.id()),
                            "Open the detail of " + target.id())))));
      }
    }
    if (probes == 0) {
      return;
    }
    layout.row("Services");
    FieldConfig tile =
        FieldConfig.builder()
            .unit("none")
            .color(FieldColor.byThresholds())
            .thresholds(Panels.greyThresholds())
            .mappings(Statuses.upMappings(language))
            .build();
    int lines = (probes + TILES_PER_LINE - 1) / TILES_PER_LINE;
    layout.add(
        Panels.stat(
            Metrics.word(language, "Services now", "Services maintenant"),
            "One tile per probe (target and probe): its latest run, up or down. Click a tile for"
                + " the target's detail.",
            PanelOptions.Stat.tiles("value_and_name"),
            new FieldConfigSource(tile, tileLinks),
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT last(\"up\") FROM \"probe\" WHERE "
                    + scope
                    + "$timeFilter GROUP BY \"target\", \"probe\"",
                "$tag_target $tag_probe")),
        24,
        Math.min(24, 2 + 3 * lines));
    String state = Metrics.word(language, "state", "état");
    String reason = Metrics.word(language, "reason", "raison");
    String leaf = Metrics.word(language, "certificate (days)", "certificat (jours)");
    String chain = Metrics.word(language, "chain (days)", "chaîne (jours)");
    String days = Metrics.unit(ProbeSchema.PROBE, ProbeSchema.TLS_LEAF_DAYS);
    layout.add(
        Panels.table(
            Metrics.word(language, "Services and why", "Services et raisons"),
            "Every probe's latest run, down first: why it failed, and for https the days before"
                + " the server's certificate and the rest of its chain expire.",
            List.of(new PanelOptions.SortBy(state, false)),
            List.of(
                ProbeRows.upColumn(state, language),
                FieldOverride.byName(leaf, new Property("unit", days)),
                FieldOverride.byName(chain, new Property("unit", days)),
                Overviews.hidden("Time")),
            InfluxQuery.table(
                "A",
                Panels.INFLUX,
                "SELECT last(\"up\") AS "
                    + Influxql.ident(state)
                    + ", last(\"reason\") AS "
                    + Influxql.ident(reason)
                    + ", last(\"tls_leaf_days\") AS "
                    + Influxql.ident(leaf)
                    + ", last(\"tls_chain_days\") AS "
                    + Influxql.ident(chain)
                    + " FROM \"probe\" WHERE "
                    + scope
                    + "$timeFilter GROUP BY \"target\", \"probe\", \""
                    + ProbeSchema.TAG_TYPE
                    + "\"")),
        24,
        Math.min(20, 3 + probes));
  }
}
