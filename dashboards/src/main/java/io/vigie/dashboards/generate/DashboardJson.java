package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.Dashboard;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Dashboards as Grafana's JSON: two-space indents, stable key order, a final newline. */
public final class DashboardJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          // Indented like Grafana's own export, so that a diff of two generations reads well.
          .defaultPrettyPrinter(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                          .withObjectEmptySeparator("")
                          .withArrayEmptySeparator(""))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")))
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private DashboardJson() {}

  public static String write(Dashboard dashboard) {
    return MAPPER.writeValueAsString(dashboard) + "\n";
  }

  public static JsonNode tree(Dashboard dashboard) {
    return MAPPER.valueToTree(dashboard);
  }

  public static JsonMapper mapper() {
    return MAPPER;
  }
}
