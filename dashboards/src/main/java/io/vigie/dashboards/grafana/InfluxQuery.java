package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * A raw InfluxQL query of Grafana's InfluxDB data source. The SDK has no type for it; the fields
 * are those of Grafana's own {@code InfluxQuery} (public/app/plugins/datasource/influxdb/types.ts).
 *
 * @param resultFormat {@code time_series} or {@code table}
 * @param alias legend text; {@code $tag_x} and {@code $col} are replaced by Grafana
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"refId", "datasource", "rawQuery", "query", "resultFormat", "alias"})
public record InfluxQuery(
    String refId,
    DataSourceRef datasource,
    boolean rawQuery,
    String query,
    String resultFormat,
    @Nullable String alias) {
  public static InfluxQuery series(String refId, DataSourceRef ds, String query, String alias) {
    return new InfluxQuery(refId, ds, true, query, "time_series", alias);
  }

  public static InfluxQuery table(String refId, DataSourceRef ds, String query) {
    return new InfluxQuery(refId, ds, true, query, "table", null);
  }
}
