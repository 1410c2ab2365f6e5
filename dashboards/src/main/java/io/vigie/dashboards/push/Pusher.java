package io.vigie.dashboards.push;

import io.vigie.dashboards.generate.DashboardJson;
import io.vigie.dashboards.generate.Generated;
import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.model.dashboard.DashboardNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings a Grafana in line with a generation: folders created or renamed, every generated dashboard
 * written by UID (so a second push updates, never duplicates), and the dashboards Vigie owns
 * (tagged {@value DashboardNames#OWNER_TAG}) whose target left the inventory deleted, then their
 * folder if nothing else is in it. Dashboards without the tag are never touched.
 */
public final class Pusher {
  private final GrafanaApi grafana;
  private final Consumer<String> out;

  public Pusher(GrafanaApi grafana, Consumer<String> out) {
    this.grafana = grafana;
    this.out = out;
  }

  /** Reads Grafana (only reads) and says what a push would do. */
  public Plan plan(Generated generated) {
    List<Plan.Action> actions = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!grafana.datasourceExists(DashboardNames.DATASOURCE_UID)) {
      warnings.add(
          "Grafana has no data source with UID "
              + DashboardNames.DATASOURCE_UID
              + ": the panels will show no data until it is provisioned"
              + " (provisioning/datasources/vigie.yaml or terraform/).");
    }
    Set<String> generatedFolders = new HashSet<>();
    for (Generated.Folder folder : generated.folders()) {
      generatedFolders.add(folder.uid());
      grafana
          .folder(folder.uid())
          .ifPresentOrElse(
              existing -> {
                if (!existing.title().equals(folder.title())) {
                  actions.add(
                      new Plan.Action(Plan.Kind.RENAME_FOLDER, folder.uid(), folder.title(), null));
                }
              },
              () ->
                  actions.add(
                      new Plan.Action(
                          Plan.Kind.CREATE_FOLDER, folder.uid(), folder.title(), null)));
    }
    Map<String, GrafanaApi.Hit> owned = new LinkedHashMap<>();
    for (GrafanaApi.Hit hit : grafana.dashboardsTagged(DashboardNames.OWNER_TAG)) {
      owned.put(hit.uid(), hit);
    }
    Set<String> generatedUids = new HashSet<>();
    for (Generated.Folder folder : generated.folders()) {
      for (Dashboard dashboard : folder.dashboards()) {
        generatedUids.add(dashboard.uid());
        actions.add(
            new Plan.Action(
                owned.containsKey(dashboard.uid())
                    ? Plan.Kind.UPDATE_DASHBOARD
                    : Plan.Kind.CREATE_DASHBOARD,
                dashboard.uid(),
                dashboard.title(),
                folder.uid()));
      }
    }
    Set<String> deleted = new HashSet<>();
    owned.values().stream()
        .filter(hit -> !generatedUids.contains(hit.uid()))
        .forEach(
            hit -> {
              deleted.add(hit.uid());
              actions.add(
                  new Plan.Action(Plan.Kind.DELETE_DASHBOARD, hit.uid(), hit.title(), null));
            });
    for (GrafanaApi.Hit folder : grafana.folders()) {
      if (!isOurs(folder.uid()) || generatedFolders.contains(folder.uid())) {
        continue;
      }
      List<String> others =
          grafana.dashboardsIn(folder.uid()).stream()
              .map(GrafanaApi.Hit::uid)
              .filter(uid -> !deleted.contains(uid))
              .toList();
      if (others.isEmpty()) {
        actions.add(new Plan.Action(Plan.Kind.DELETE_FOLDER, folder.uid(), folder.title(), null));
      } else {
        warnings.add(
            "folder "
                + folder.uid()
                + " is no longer in the inventory but holds dashboards Vigie did not make ("
                + String.join(", ", others)
                + "): kept.");
      }
    }
    return new Plan(actions, warnings);
  }

  /**
   * Carries out a plan. A dashboard that Grafana refuses is reported and the others still go; a
   * refused token stops everything at once.
   *
   * @return the number of actions that failed
   */
  public int apply(Plan plan, Generated generated) {
    Map<String, Dashboard> byUid = new HashMap<>();
    generated.dashboards().forEach(d -> byUid.put(d.uid(), d));
    int failed = 0;
    for (Plan.Action action : plan.actions()) {
      try {
        switch (action.kind()) {
          case CREATE_FOLDER -> grafana.createFolder(action.uid(), action.title());
          case RENAME_FOLDER -> grafana.renameFolder(action.uid(), action.title());
          case CREATE_DASHBOARD, UPDATE_DASHBOARD ->
              grafana.saveDashboard(
                  DashboardJson.tree(
                      Objects.requireNonNull(
                          byUid.get(action.uid()),
                          "a plan's dashboards are those of the generation it was made from")),
                  Objects.requireNonNull(
                      action.folderUid(), "plan() gives every dashboard action its folder"));
          case DELETE_DASHBOARD -> grafana.deleteDashboard(action.uid());
          case DELETE_FOLDER -> grafana.deleteFolder(action.uid());
        }
        out.accept(action.toString());
      } catch (GrafanaException e) {
        if (e.isAuthentication() || e.status() == 0) {
          throw e;
        }
        failed++;
        out.accept("FAILED " + action + ": " + e.getMessage());
      }
    }
    return failed;
  }

  private static boolean isOurs(String folderUid) {
    return folderUid.startsWith(DashboardNames.CLIENT_FOLDER_PREFIX)
        || folderUid.equals(DashboardNames.NOC_FOLDER_UID);
  }
}
