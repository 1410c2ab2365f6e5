package io.vigie.alerting.report;

import io.vigie.model.inventory.Language;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the API, the console and the CLI get a client's report from: one seam, so that what serves
 * a report does not know how it is computed (and its tests can serve a fixed one).
 */
public interface Reports {
  /** The clients a report can be made for, by id. */
  List<ReportClient> clients();

  /** One client; empty when there is no such client. */
  Optional<ReportClient> client(String id);

  /** The client's report over a period (in its zone: see {@link ReportClient#zone}). */
  ClientReport report(ReportClient client, Interval period);

  /**
   * A client as a report needs it before it is computed: its zone turns a month into a period, its
   * language and logo go into the document.
   *
   * @param logo the inventory's logo address; shown only when embedded ({@link
   *     ReportHtml#embeddable})
   */
  record ReportClient(
      String id, String name, Language language, ZoneId zone, @Nullable String logo) {}
}
