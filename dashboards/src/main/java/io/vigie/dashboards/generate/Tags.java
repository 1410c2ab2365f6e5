package io.vigie.dashboards.generate;

import io.vigie.model.dashboard.DashboardNames;

/** Dashboard tags: how Grafana's search and link drop-downs find Vigie's dashboards. */
final class Tags {
  static final String OWNER = DashboardNames.OWNER_TAG;
  static final String OVERVIEW = "vigie-overview";
  static final String CLIENT_OVERVIEW = "vigie-client";
  static final String TARGET = "vigie-target";

  private Tags() {}

  /** The tag of a client's dashboards: its overview's UID (short, and safe whatever the id). */
  static String client(String clientId) {
    return DashboardNames.clientUid(clientId);
  }

  static String kind(String kind) {
    return "kind-" + kind;
  }
}
