package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.Dashboard;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one generation gives: folders, each with its dashboards. */
public record Generated(List<Folder> folders) {
  public Generated {
    folders = List.copyOf(folders);
  }

  /**
   * A folder and its dashboards.
   *
   * @param clientId the client whose folder it is; null for the NOC's folder
   */
  public record Folder(
      String uid, String title, @Nullable String clientId, List<Dashboard> dashboards) {
    public Folder {
      dashboards = List.copyOf(dashboards);
    }
  }

  public List<Dashboard> dashboards() {
    return folders.stream().flatMap(f -> f.dashboards().stream()).toList();
  }
}
