package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;
import static io.vigie.dashboards.generate.DetailPanels.table;

import io.vigie.model.inventory.Target;
import java.util.List;

/**
 * The Checks row of an SSH target's detail dashboard: each check's results over time and its latest
 * message; none when the target runs no checks.
 *
 * <p>Apart from {@link TargetDetail} because each kind's rows are a dashboard section of their own;
 * the detail dashboard only chooses them by kind.
 */
final class SshCheckRows {
  private final Target target;
  private final String where;

  SshCheckRows(Target target, DetailPanels panels) {
    this.target = target;
    this.where = panels.where();
  }

  /** Adds the Checks row and its panels, if the target runs checks. */
  void add(Layout layout) {
    if (target.ssh() == null || target.ssh().checks().isEmpty()) {
      return;
    }
    layout.row("Checks");
    layout.add(
        Panels.statusHistory(
            "Check results",
            "Each check's exit code over time: OK, WARNING, CRITICAL or UNKNOWN.",
            Statuses.checkMappings(),
            series(
                "SELECT last(\"status\") FROM \"check\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"check\" fill(previous)",
                "$tag_check")),
        24,
        Math.min(16, 3 + target.ssh().checks().size()));
    layout.add(
        Panels.table(
            "Check messages",
            "Each check's latest state and the first line of its output.",
            List.of(),
            List.of(Overviews.hidden("Time")),
            table(
                "SELECT last(\"state\") AS \"state\", last(\"message\") AS \"message\" FROM"
                    + " \"check\" WHERE "
                    + where
                    + "$timeFilter GROUP BY \"check\"")),
        24,
        Math.min(16, 3 + target.ssh().checks().size()));
  }
}
