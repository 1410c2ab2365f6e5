package io.vigie.alerting.notify;

import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.inventory.Inventory;
import java.util.List;
import java.util.Map;

/**
 * What the notifier reads from the alerting service, and nothing more: the decision stream and the
 * state that reminders need. A narrow seam, so that the notifier can be fed by another source (a
 * replica, a test) without the whole service.
 */
public interface DecisionFeed {
  /** The inventory in force: clients, their contacts and language. */
  Inventory inventory();

  /** Stored decisions after sequence number {@code seq}, oldest first, at most {@code limit}. */
  List<Decision> decisionsAfter(long seq, int limit);

  /** Every target's current status, for reminders. */
  List<TargetState> statuses();

  /** Silences in force, which hold reminders back. */
  List<Silence> silences();

  /** Acknowledgements by target id, which hold reminders back. */
  Map<String, Acknowledgement> acknowledgements();
}
