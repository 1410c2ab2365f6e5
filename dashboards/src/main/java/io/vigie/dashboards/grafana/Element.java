package io.vigie.dashboards.grafana;

/** What a dashboard's {@code panels} list holds: panels and rows. */
public sealed interface Element permits Panel, Row {
  String type();

  GridPos gridPos();
}
