package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The options of each panel type Vigie uses, with every field the SDK's {@code Options} requires.
 * The panel's {@code type} is taken from here.
 */
public sealed interface PanelOptions {
  @JsonIgnore
  String panelType();

  /** Legend of time-based panels. */
  record Legend(String displayMode, String placement, boolean showLegend, List<String> calcs) {
    public Legend {
      calcs = List.copyOf(calcs);
    }

    public static Legend bottomList() {
      return new Legend("list", "bottom", true, List.of());
    }

    /** A table legend with the last, mean and max of each series. */
    public static Legend table() {
      return new Legend("table", "bottom", true, List.of("lastNotNull", "mean", "max"));
    }
  }

  /** Tooltip of time-based panels: {@code single}, {@code multi} or {@code none}. */
  record Tooltip(String mode, String sort) {
    public static Tooltip multi() {
      return new Tooltip("multi", "desc");
    }
  }

  /** How a stat panel reduces a series to one value. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Reduce(Boolean values, List<String> calcs, String fields) {
    public static Reduce last() {
      return new Reduce(false, List.of("lastNotNull"), "");
    }
  }

  record Stat(
      String graphMode,
      String colorMode,
      String justifyMode,
      String textMode,
      boolean wideLayout,
      boolean showPercentChange,
      Reduce reduceOptions,
      String percentChangeColorMode,
      String orientation)
      implements PanelOptions {
    /** Tiles with a coloured background, no sparkline. */
    public static Stat tiles(String textMode) {
      return new Stat(
          "none", "background", "center", textMode, true, false, Reduce.last(), "standard", "auto");
    }

    @Override
    public String panelType() {
      return "stat";
    }
  }

  record TimeSeries(Legend legend, Tooltip tooltip) implements PanelOptions {
    @Override
    public String panelType() {
      return "timeseries";
    }
  }

  record StateTimeline(
      String showValue,
      int rowHeight,
      boolean mergeValues,
      String alignValue,
      Legend legend,
      Tooltip tooltip)
      implements PanelOptions {
    @Override
    public String panelType() {
      return "state-timeline";
    }
  }

  record StatusHistory(
      int rowHeight, String showValue, int colWidth, Legend legend, Tooltip tooltip)
      implements PanelOptions {
    @Override
    public String panelType() {
      return "status-history";
    }
  }

  record Table(int frameIndex, boolean showHeader, List<SortBy> sortBy, String cellHeight)
      implements PanelOptions {
    public Table {
      sortBy = List.copyOf(sortBy);
    }

    @Override
    public String panelType() {
      return "table";
    }
  }

  record SortBy(String displayName, boolean desc) {}

  /**
   * Options of a text panel.
   *
   * @param mode {@code markdown} or {@code html}
   */
  record Text(String mode, String content) implements PanelOptions {
    @Override
    public String panelType() {
      return "text";
    }
  }
}
