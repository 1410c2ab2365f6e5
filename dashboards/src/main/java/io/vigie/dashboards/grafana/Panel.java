package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A visualisation. Its {@code type} comes from its options, so a panel cannot claim to be a stat
 * while carrying a table's options.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "id",
  "title",
  "description",
  "gridPos",
  "datasource",
  "interval",
  "links",
  "targets",
  "options",
  "fieldConfig"
})
public record Panel(
    int id,
    String title,
    @Nullable String description,
    GridPos gridPos,
    @Nullable DataSourceRef datasource,
    @Nullable String interval,
    @Nullable List<Link> links,
    List<InfluxQuery> targets,
    PanelOptions options,
    FieldConfigSource fieldConfig)
    implements Element {
  public Panel {
    links = links == null ? null : List.copyOf(links);
    targets = List.copyOf(targets);
  }

  @Override
  @JsonProperty("type")
  public String type() {
    return options.panelType();
  }

  public Panel at(int newId, GridPos pos) {
    return new Panel(
        newId, title, description, pos, datasource, interval, links, targets, options, fieldConfig);
  }
}
