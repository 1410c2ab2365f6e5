package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A template variable filled by an InfluxQL query.
 *
 * @param refresh 1 on dashboard load, 2 on time range change
 * @param sort 1 alphabetical
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "name",
  "label",
  "datasource",
  "query",
  "refresh",
  "sort",
  "multi",
  "includeAll"
})
public record Variable(
    String type,
    String name,
    String label,
    DataSourceRef datasource,
    String query,
    int refresh,
    int sort,
    boolean multi,
    boolean includeAll) {
  /** A multi-value variable with "All", filled from the data source on time range change. */
  public static Variable multiQuery(String name, String label, DataSourceRef ds, String query) {
    return new Variable("query", name, label, ds, query, 2, 1, true, true);
  }
}
