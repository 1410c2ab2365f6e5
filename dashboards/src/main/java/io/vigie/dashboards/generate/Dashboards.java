package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.dashboards.grafana.Element;
import io.vigie.dashboards.grafana.Link;
import io.vigie.dashboards.grafana.Variable;
import java.util.List;

/** The house settings every generated dashboard shares. */
final class Dashboards {
  private Dashboards() {}

  static Dashboard of(
      String uid,
      String title,
      String description,
      List<String> tags,
      List<Link> links,
      List<Variable> variables,
      List<Element> panels) {
    return new Dashboard(
        uid,
        title,
        description,
        tags,
        "browser",
        // Regenerated from the inventory: an edit in Grafana would be overwritten at the next push.
        false,
        1,
        new Dashboard.TimeRange("now-6h", "now"),
        "30s",
        Dashboard.SCHEMA_VERSION,
        links,
        new Dashboard.Templating(variables),
        new Dashboard.Annotations(List.of()),
        panels);
  }
}
