package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A row header. An expanded row holds no panels itself: the panels that follow it in the
 * dashboard's list belong to it, as Grafana saves them.
 */
@JsonPropertyOrder({"type", "id", "title", "collapsed", "gridPos", "panels"})
public record Row(int id, String title, boolean collapsed, GridPos gridPos, List<Panel> panels)
    implements Element {
  public Row {
    panels = List.copyOf(panels);
  }

  @Override
  @JsonProperty("type")
  public String type() {
    return "row";
  }
}
