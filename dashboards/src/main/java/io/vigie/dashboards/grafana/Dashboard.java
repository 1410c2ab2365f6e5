package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One dashboard. Its {@code id} is never set: Grafana finds a dashboard by {@code uid}, so a
 * regenerated dashboard replaces the previous one instead of adding a copy.
 *
 * @param graphTooltip 0 off, 1 shared crosshair, 2 shared tooltip
 * @param schemaVersion the dashboard JSON schema version these files follow
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "uid",
  "title",
  "description",
  "tags",
  "timezone",
  "editable",
  "graphTooltip",
  "time",
  "refresh",
  "schemaVersion",
  "links",
  "templating",
  "annotations",
  "panels"
})
public record Dashboard(
    String uid,
    String title,
    String description,
    List<String> tags,
    String timezone,
    boolean editable,
    int graphTooltip,
    TimeRange time,
    String refresh,
    int schemaVersion,
    List<Link> links,
    Templating templating,
    Annotations annotations,
    List<Element> panels) {
  /** The schema version of Grafana 11's dashboards. */
  public static final int SCHEMA_VERSION = 39;

  public Dashboard {
    tags = List.copyOf(tags);
    links = List.copyOf(links);
    panels = List.copyOf(panels);
  }

  public record TimeRange(String from, String to) {}

  public record Templating(List<Variable> list) {
    public Templating {
      list = List.copyOf(list);
    }
  }

  /** Annotation queries; Grafana adds its built-in one itself. */
  public record Annotations(List<Object> list) {
    public Annotations {
      list = List.copyOf(list);
    }
  }
}
