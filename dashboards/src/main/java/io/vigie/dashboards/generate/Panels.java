package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.DataSourceRef;
import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldColor;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Thresholds;
import io.vigie.dashboards.grafana.GridPos;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.dashboards.grafana.PanelOptions.Legend;
import io.vigie.dashboards.grafana.PanelOptions.Tooltip;
import io.vigie.dashboards.grafana.ValueMapping;
import io.vigie.model.dashboard.DashboardNames;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** The panels Vigie draws, with the house settings; ids and places are set by {@link Layout}. */
final class Panels {
  static final DataSourceRef INFLUX = new DataSourceRef("influxdb", DashboardNames.DATASOURCE_UID);
  private static final GridPos UNPLACED = new GridPos(1, 1, 0, 0);

  private Panels() {}

  /**
   * A graph over time; every query's series on one panel. Points closer than {@code gapMs} are
   * joined, so a slow poll interval draws lines, while a longer gap (a target that stopped
   * answering) shows as a break.
   */
  static Panel timeseries(
      String title, String description, String unit, long gapMs, InfluxQuery... queries) {
    FieldConfig defaults =
        FieldConfig.builder()
            .unit(unit)
            .color(FieldColor.palette())
            .custom(
                Map.of(
                    "drawStyle",
                    "line",
                    "lineWidth",
                    1,
                    "fillOpacity",
                    10,
                    "showPoints",
                    "never",
                    "spanNulls",
                    gapMs))
            .build();
    return panel(
        title,
        description,
        List.of(queries),
        new PanelOptions.TimeSeries(Legend.table(), Tooltip.multi()),
        FieldConfigSource.of(defaults));
  }

  /** Big coloured values, one per series. */
  static Panel stat(
      String title,
      String description,
      PanelOptions.Stat options,
      FieldConfigSource fields,
      InfluxQuery... queries) {
    return panel(title, description, List.of(queries), options, fields);
  }

  /** A status code per series over time, coloured by {@code mappings}. */
  static Panel stateTimeline(
      String title, String description, List<ValueMapping> mappings, InfluxQuery... queries) {
    FieldConfig defaults = coloured(mappings, Map.of("fillOpacity", 80, "lineWidth", 0));
    return panel(
        title,
        description,
        List.of(queries),
        new PanelOptions.StateTimeline(
            "auto", 90, true, "left", Legend.bottomList(), new Tooltip("single", "none")),
        FieldConfigSource.of(defaults));
  }

  /** Rows of cells, one per series, for states sampled at each interval. */
  static Panel statusHistory(
      String title, String description, List<ValueMapping> mappings, InfluxQuery... queries) {
    FieldConfig defaults = coloured(mappings, Map.of("fillOpacity", 80, "lineWidth", 1));
    return panel(
        title,
        description,
        List.of(queries),
        new PanelOptions.StatusHistory(
            90, "auto", 90, Legend.bottomList(), new Tooltip("single", "none")),
        FieldConfigSource.of(defaults));
  }

  /** A table; {@code overrides} style its columns. */
  static Panel table(
      String title,
      String description,
      List<PanelOptions.SortBy> sortBy,
      List<FieldOverride> overrides,
      InfluxQuery query) {
    FieldConfig defaults =
        coloured(
            null,
            // inspect: the full text of a cut cell (a long cause) shows on hover.
            Map.of("align", "auto", "inspect", true, "cellOptions", Map.of("type", "auto")));
    return panel(
        title,
        description,
        List.of(query),
        new PanelOptions.Table(0, true, sortBy, "sm"),
        new FieldConfigSource(defaults, overrides));
  }

  static Panel text(String title, String markdown) {
    return new Panel(
        0,
        title,
        null,
        UNPLACED,
        null,
        null,
        null,
        List.of(),
        new PanelOptions.Text("markdown", markdown),
        FieldConfigSource.of(FieldConfig.builder().build()));
  }

  /** {@code panel} with its field defaults changed by {@code change}. */
  static Panel withDefaults(Panel panel, UnaryOperator<FieldConfig.Builder> change) {
    FieldConfigSource fields = panel.fieldConfig();
    return new Panel(
        panel.id(),
        panel.title(),
        panel.description(),
        panel.gridPos(),
        panel.datasource(),
        panel.interval(),
        panel.links(),
        panel.targets(),
        panel.options(),
        new FieldConfigSource(
            change.apply(fields.defaults().toBuilder()).build(), fields.overrides()));
  }

  /**
   * {@code panel} with a minimum interval: {@code $__interval} is never shorter, so that each
   * interval holds a run of a check that comes every {@code interval} and an empty one means a run
   * was missed.
   */
  static Panel withInterval(Panel panel, String interval) {
    return new Panel(
        panel.id(),
        panel.title(),
        panel.description(),
        panel.gridPos(),
        panel.datasource(),
        interval,
        panel.links(),
        panel.targets(),
        panel.options(),
        panel.fieldConfig());
  }

  /** Field defaults whose colours come from {@code mappings} (grey for anything unmapped). */
  private static FieldConfig coloured(
      @Nullable List<ValueMapping> mappings, Map<String, Object> custom) {
    return FieldConfig.builder()
        .color(FieldColor.byThresholds())
        .thresholds(greyThresholds())
        .mappings(mappings)
        .custom(custom)
        .build();
  }

  /** A status code shown as its name on its colour (RUN green, ... DEAD dark grey). */
  static FieldConfig statusCodes() {
    return FieldConfig.builder()
        .unit("none")
        .color(FieldColor.byThresholds())
        .thresholds(greyThresholds())
        .mappings(Statuses.mappings())
        .build();
  }

  /** Thresholds that colour nothing on their own: colours come from value mappings. */
  static Thresholds greyThresholds() {
    return new Thresholds("absolute", List.of(new Thresholds.Step(null, Statuses.NO_DATA)));
  }

  /** Green below {@code warning}, amber, then red from {@code error}. */
  static Thresholds levels(double warning, double error) {
    return new Thresholds(
        "absolute",
        List.of(
            new Thresholds.Step(null, Statuses.RUN),
            new Thresholds.Step(warning, Statuses.WARNING),
            new Thresholds.Step(error, Statuses.ERROR)));
  }

  private static Panel panel(
      String title,
      String description,
      List<InfluxQuery> queries,
      PanelOptions options,
      FieldConfigSource fields) {
    return new Panel(0, title, description, UNPLACED, INFLUX, null, null, queries, options, fields);
  }
}
