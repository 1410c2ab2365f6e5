package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generates every dashboard from the inventory: the NOC overview in the NOC's folder, then one
 * folder per client with its overview and one detail dashboard per target. The same inventory
 * always gives the same output, byte for byte.
 */
public final class Generator {
  /** The retention policy the collectors write logs into unless told otherwise. */
  public static final String DEFAULT_LOGS_RETENTION_POLICY = "logs";

  private final LogPanels logs;

  /** A generator whose logs panels read the default retention policy, {@code logs}. */
  public Generator() {
    this(DEFAULT_LOGS_RETENTION_POLICY);
  }

  /**
   * A generator whose logs panels read {@code logsRetentionPolicy}: the collectors' {@code
   * vigie.logs.retention-policy}.
   */
  public Generator(String logsRetentionPolicy) {
    if (logsRetentionPolicy.isBlank()) {
      throw new IllegalArgumentException("the logs' retention policy must be named");
    }
    this.logs = new LogPanels(logsRetentionPolicy);
  }

  /** Every dashboard of {@code inventory}, by folder. */
  public Generated generate(Inventory inventory) {
    Overviews overviews = new Overviews(inventory, logs);
    List<Generated.Folder> folders = new ArrayList<>();
    Set<String> titles = new HashSet<>();
    titles.add(DashboardNames.NOC_FOLDER_TITLE.toLowerCase(Locale.ROOT));
    folders.add(
        new Generated.Folder(
            DashboardNames.NOC_FOLDER_UID,
            DashboardNames.NOC_FOLDER_TITLE,
            null,
            List.of(overviews.noc())));
    for (Client client : inventory.clients()) {
      List<Dashboard> dashboards = new ArrayList<>();
      dashboards.add(overviews.client(client));
      for (Target target : inventory.targets()) {
        if (target.client().equals(client.id())) {
          dashboards.add(new TargetDetail(target, client, logs).build());
        }
      }
      folders.add(
          new Generated.Folder(
              DashboardNames.clientFolderUid(client.id()),
              uniqueTitle(client, titles),
              client.id(),
              dashboards));
    }
    return new Generated(folders);
  }

  /**
   * Two clients may bear the same name (or names that clean up alike): Grafana needs distinct
   * folder titles, so the later one gets its id added.
   */
  private static String uniqueTitle(Client client, Set<String> taken) {
    String title = DashboardNames.folderTitle(client.name(), client.id());
    if (!taken.add(title.toLowerCase(Locale.ROOT))) {
      title = title + " (" + client.id() + ")";
      taken.add(title.toLowerCase(Locale.ROOT));
    }
    return title;
  }
}
