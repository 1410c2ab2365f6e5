package io.vigie.dashboards.grafana;

/** A data source by type and UID (never by name, which a Grafana admin may change). */
public record DataSourceRef(String type, String uid) {}
