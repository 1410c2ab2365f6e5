package io.vigie.alerting.report;

import io.vigie.alerting.notify.Attachment;
import io.vigie.alerting.notify.Outbox;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails each client with a contract its last month's report, once: on the 1st at the configured
 * hour in its zone, or when the service starts again after that hour (see {@link MonthlySchedule}).
 * Each contact's mail goes through the outbox under a key made of the client, the month and the
 * contact, with the PDF stored beside it: a second round, a restart or a kill after queueing finds
 * the key and queues nothing; the outbox then sends each mail once as far as SMTP allows
 * (docs/alerting.md, mails). The report's document is stamped with the period's end, not the
 * sending time, so the same month gives the same bytes whenever it is made.
 */
public final class MonthlyReports {
  private static final Logger LOG = LoggerFactory.getLogger(MonthlyReports.class);

  private final Reports reports;
  private final Supplier<Inventory> inventory;
  private final Outbox outbox;
  private final MonthlySchedule schedule;
  private final Supplier<@Nullable Instant> firstEvaluation;
  private final Clock clock;
  // Client and month already queued, seen by this process: the outbox is asked once per month.
  private final Set<String> queued = new HashSet<>();

  public MonthlyReports(
      Reports reports,
      Supplier<Inventory> inventory,
      Outbox outbox,
      MonthlySchedule schedule,
      Supplier<@Nullable Instant> firstEvaluation,
      Clock clock) {
    this.reports = reports;
    this.inventory = inventory;
    this.outbox = outbox;
    this.schedule = schedule;
    this.firstEvaluation = firstEvaluation;
    this.clock = clock;
  }

  /** The outbox key of one contact's report of one month. */
  static String key(String client, YearMonth month, String contact) {
    return "report:" + client + ":" + month + ":" + contact;
  }

  /** One round: queues every report due and not queued yet. Never throws. */
  public synchronized void run() {
    Instant now = clock.instant();
    // Read once a round, not once a client: it is the journal's oldest span.
    Instant first = firstEvaluation.get();
    for (Reports.ReportClient c : reports.clients()) {
      try {
        queue(c, now, first);
      } catch (RuntimeException e) {
        // One client's report never holds the others up; it is tried again next round.
        LOG.error("the report of client {} could not be queued: {}", c.id(), e.toString());
      }
    }
  }

  private void queue(Reports.ReportClient c, Instant now, @Nullable Instant first) {
    Client client = inventory.get().client(c.id()).orElse(null);
    if (client == null || client.contract() == null || client.contacts().isEmpty()) {
      return;
    }
    YearMonth month = schedule.due(now, c.zone(), first);
    if (month == null || queued.contains(c.id() + " " + month)) {
      return;
    }
    List<String> contacts = client.contacts().stream().sorted().distinct().toList();
    if (outbox.attachment(key(c.id(), month, contacts.get(0))) != null) {
      queued.add(c.id() + " " + month);
      return;
    }
    Interval period = ReportPeriod.month(month, c.zone());
    ClientReport report = reports.report(c, period);
    Instant stamp = period.to();
    String html = ReportHtml.render(report, c.logo(), stamp);
    byte[] pdf = ReportPdf.render(report, c.logo(), stamp);
    String subject = subject(c.language(), c.name(), month);
    String text = text(c.language(), report, month);
    String file = "vigie-" + c.id() + "-" + month + ".pdf";
    List<Outbox.Row> rows = new ArrayList<>();
    Map<String, Attachment> files = new HashMap<>();
    for (String contact : contacts) {
      String key = key(c.id(), month, contact);
      rows.add(new Outbox.Row(key, contact, c.id(), "report", subject, text, html, 0, null));
      files.put(key, new Attachment(file, "application/pdf", pdf));
    }
    outbox.enqueue(rows, files, c.id(), now);
    queued.add(c.id() + " " + month);
    LOG.info("report of {} for {} queued for {} contact(s)", c.id(), month, contacts.size());
  }

  static String subject(Language l, String client, YearMonth month) {
    return l == Language.FR
        ? "Rapport de service " + client + " : " + monthName(l, month)
        : "Service report " + client + ": " + monthName(l, month);
  }

  private static String text(Language l, ClientReport report, YearMonth month) {
    double availability = report.total().availability();
    String figure =
        Double.isNaN(availability)
            ? (l == Language.FR ? "non mesurée" : "not measured")
            : String.format(l == Language.FR ? Locale.FRANCE : Locale.UK, "%.3f %%", availability);
    // The objective as the client writes numbers: 99,9 in French.
    String slo =
        l == Language.FR
            ? Double.toString(report.input().contract().slo()).replace('.', ',')
            : Double.toString(report.input().contract().slo());
    if (l == Language.FR) {
      return "Disponibilité de "
          + monthName(l, month)
          + " : "
          + figure
          + " (objectif "
          + slo
          + "\u00a0% : "
          + (report.sloKept() ? "tenu" : "non tenu")
          + ").\nLe rapport complet est joint (PDF) et affiché ci-dessous en HTML.\n";
    }
    return "Availability in "
        + monthName(l, month)
        + ": "
        + figure
        + " (objective "
        + slo
        + "\u00a0%: "
        + (report.sloKept() ? "kept" : "not kept")
        + ").\nThe full report is attached (PDF) and shown below in HTML.\n";
  }

  private static String monthName(Language l, YearMonth month) {
    Locale locale = l == Language.FR ? Locale.FRENCH : Locale.ENGLISH;
    return month.getMonth().getDisplayName(TextStyle.FULL, locale) + " " + month.getYear();
  }
}
