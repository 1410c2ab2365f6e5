package io.vigie.alerting.notify;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.text.Escape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the alerting service's decisions into mails: groups a client's changes within a window,
 * renders them in the client's language, stores one mail per recipient in the outbox, sends what is
 * due, and reminds of unacknowledged problems. Called by one thread, as windows end and every
 * second or so ({@link NotifyRounds}).
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  // The NOC's audience, beside the clients' ids. An id has no '@' (docs/inventory.md, `id`),
  // so no client's can be it: with "noc", a client named noc (examples/demo.yml has one) was taken
  // for the NOC, its group rendered as the NOC's mail, and without a NOC address every round
  // failed on it and no client got a mail again.
  static final String NOC = "@noc";

  private final DecisionFeed alerting;
  private final Outbox outbox;
  private final Templates templates;
  private final Mailer mailer;
  private final NotifySettings settings;
  private final Clock clock;
  private final MailContent content;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  // Mails failing, as of the last round: read by the evaluation thread for the condition.
  private volatile Outbox.@Nullable Stuck stuck;
  private long seen = -1;
  // Set by another thread (the service's shutdown); read before each message.
  private volatile boolean stopping;
  private Instant lastReminderCheck = Instant.EPOCH;

  /** Decisions for one audience (a client, or the NOC) waiting for their window to close. */
  private record Group(String audience, Instant opened, List<Decision> decisions) {}

  public Notifier(
      DecisionFeed alerting,
      Outbox outbox,
      Templates templates,
      Mailer mailer,
      NotifySettings settings,
      Clock clock,
      MeterRegistry registry) {
    this.alerting = alerting;
    this.outbox = outbox;
    this.templates = templates;
    this.mailer = mailer;
    this.settings = settings;
    this.clock = clock;
    this.content = new MailContent(settings.dashboardUrl(), settings.zone());
    // Read from the outbox, where each outcome is counted in the transaction that records it:
    // the totals survive a restart.
    for (String result : List.of("sent", "retry", "dead")) {
      FunctionCounter.builder(
              "vigie.notify.mails", outbox, o -> o.total(result.toUpperCase(Locale.ROOT)))
          .tag("result", result)
          .description("mails sent, attempts failed, mails dead-lettered")
          .register(registry);
    }
    Gauge.builder("vigie.notify.outbox.pending", () -> outbox.count("PENDING"))
        .description("mails waiting to be sent")
        .register(registry);
    Gauge.builder("vigie.notify.outbox.dead", () -> outbox.count("DEAD"))
        .description("dead letters not resent")
        .register(registry);
  }

  /** One round: read decisions, close groups, remind, send. Never throws. */
  public synchronized void tick() {
    if (stopping) {
      return;
    }
    try {
      Instant now = clock.instant();
      Inventory inventory = alerting.inventory();
      read(now);
      flush(inventory, now);
      remind(inventory, now);
      send(now);
      stuck = outbox.stuck();
    } catch (RuntimeException e) {
      LOG.error("notification round failed; the next one starts from the outbox", e);
    }
  }

  /**
   * The earliest end of a grouping window after {@code after}, or null: when a round has mails to
   * queue ({@link NotifyRounds}).
   */
  synchronized @Nullable Instant windowEnd(Instant after) {
    Instant earliest = null;
    for (Group group : groups.values()) {
      Instant end = group.opened().plus(settings.groupWindow());
      if (end.isAfter(after) && (earliest == null || end.isBefore(earliest))) {
        earliest = end;
      }
    }
    return earliest;
  }

  private void read(Instant now) {
    if (seen < 0) {
      seen = outbox.cursor(); // after a restart: everything after the cursor is looked at again
    }
    List<Long> stale = new ArrayList<>();
    for (Decision d : alerting.decisionsAfter(seen, 10_000)) {
      seen = d.seq();
      if (d.time().isBefore(now.minus(settings.maxAge()))) {
        // Mails were just turned on (or the service was down for long): old news is not sent.
        stale.add(d.seq());
        continue;
      }
      List<String> audiences = new ArrayList<>();
      if (d.client() != null) {
        audiences.add(d.client());
      }
      if (settings.nocAddress() != null) {
        audiences.add(NOC);
      }
      for (String audience : audiences) {
        if (!outbox.consumed(d.seq(), audience)) {
          groups
              // The window runs from the decision, not from when it was read: a restart does
              // not hold a change back longer.
              .computeIfAbsent(audience, a -> new Group(a, d.time(), new ArrayList<>()))
              .decisions()
              .add(d);
        }
      }
    }
    if (!stale.isEmpty()) {
      LOG.info("{} decision(s) older than {} not mailed", stale.size(), settings.maxAge());
    }
    long cursor = seen;
    for (Group g : groups.values()) {
      cursor = Math.min(cursor, g.decisions().get(0).seq() - 1);
    }
    if (cursor > outbox.cursor()) {
      outbox.advance(cursor);
    }
  }

  private void flush(Inventory inventory, Instant now) {
    for (Group group : List.copyOf(groups.values())) {
      if (now.isBefore(group.opened().plus(settings.groupWindow()))) {
        continue;
      }
      try {
        queue(inventory, group, now);
      } catch (RuntimeException e) {
        // One group that cannot be made (an override template failing on its data) holds back
        // no other audience's mails: it stays, and is tried again at the next round.
        LOG.error(
            "the mails for {} could not be queued; tried again next round", group.audience(), e);
      }
    }
  }

  /** Renders a group whose window ended, stores its mails, and forgets it. */
  private void queue(Inventory inventory, Group group, Instant now) {
    List<Decision> decisions = group.decisions();
    List<Long> seqs = decisions.stream().map(Decision::seq).toList();
    String kind = MailContent.kind(decisions);
    String identity = kind + ":" + group.audience() + ":" + seqs;
    List<Outbox.Row> rows = new ArrayList<>();
    if (group.audience().equals(NOC)) {
      Map<String, Object> model = content.noc(decisions);
      rows.add(
          row(
              identity,
              // The NOC is an audience only when there is a NOC address (read above).
              Objects.requireNonNull(settings.nocAddress(), "a NOC mail without a NOC address"),
              NOC,
              kind,
              templates.render(kind, Language.EN, model)));
    } else {
      Client client = inventory.client(group.audience()).orElse(null);
      if (client != null) {
        Map<String, Object> model =
            content.model(client.name(), client.logo(), client.language(), decisions);
        Templates.Rendered mail = templates.render(kind, client.language(), model);
        for (String contact : client.contacts()) {
          rows.add(row(identity, contact, client.id(), kind, mail));
        }
      }
    }
    List<String> told =
        decisions.stream()
            .filter(d -> d.target() != null && d.status().compareTo(Status.ERROR) >= 0)
            .map(Decision::target)
            .toList();
    outbox.enqueue(rows, seqs, group.audience(), told, now);
    // Only once stored: a failed store leaves the group to be tried again next round.
    groups.remove(group.audience());
    LOG.info(
        "{} mail(s) queued for {}: {} of {} change(s)",
        rows.size(),
        group.audience(),
        kind,
        decisions.size());
  }

  /** Reminders of problems nobody acknowledged, every {@code reminderEvery}. */
  private void remind(Inventory inventory, Instant now) {
    // Reminders are hours apart: looking once a minute spares a store read per problem per tick.
    if (settings.reminderEvery().isZero() || now.isBefore(lastReminderCheck.plusSeconds(60))) {
      return;
    }
    lastReminderCheck = now;
    Map<String, Acknowledgement> acks = alerting.acknowledgements();
    List<Silence> silences = alerting.silences();
    for (TargetState t : alerting.statuses()) {
      boolean problem = t.status().compareTo(Status.ERROR) >= 0 && t.notified() == t.status();
      if (!problem) {
        continue;
      }
      boolean muted =
          acks.containsKey(t.id())
              || t.suppressed()
              || t.flapping()
              || t.stale()
              || silences.stream().anyMatch(s -> s.mutes(t, now));
      Instant last = outbox.lastTold(t.id());
      if (muted || last == null || now.isBefore(last.plus(settings.reminderEvery()))) {
        continue;
      }
      Client client = inventory.client(t.client()).orElse(null);
      if (client == null) {
        continue;
      }
      Templates.Rendered mail =
          templates.render("reminder", client.language(), content.reminder(client, t));
      String identity = "reminder:" + t.id() + ":" + last.toEpochMilli();
      List<Outbox.Row> rows = new ArrayList<>();
      for (String contact : client.contacts()) {
        rows.add(row(identity, contact, client.id(), "reminder", mail));
      }
      outbox.enqueue(rows, List.of(), client.id(), List.of(t.id()), now);
      LOG.info("reminder queued for {} ({} since {})", t.id(), t.status(), t.since());
    }
  }

  private void send(Instant now) {
    List<Outbox.Row> due = outbox.due(now, 500);
    if (due.isEmpty()) {
      return;
    }
    Map<String, Outbox.Row> rows = new LinkedHashMap<>();
    due.forEach(r -> rows.put(r.key(), r));
    List<Mailer.Outgoing> mails =
        due.stream()
            .map(
                r ->
                    new Mailer.Outgoing(
                        r.key(),
                        r.recipient(),
                        r.subject(),
                        r.text(),
                        r.html(),
                        // Only reports carry a file: alert mails are not looked up.
                        "report".equals(r.kind()) ? outbox.attachment(r.key()) : null))
            .toList();
    // Each outcome is stored as soon as the server answered, not after the batch: a stop in the
    // middle of 500 slow mails leaves one message unrecorded at most, not all those accepted.
    mailer.send(
        mails,
        result ->
            record(
                // The mails are made from the rows due, one each: every answer has its row.
                Objects.requireNonNull(rows.get(result.mail().key()), "a mail without its row"),
                result),
        () -> stopping);
  }

  /**
   * The pipeline condition {@code mail}: a message while mails have been failing for {@code
   * stuck-after} or more, null otherwise. Outside text (the server's error) is made one line.
   */
  public @Nullable String stuckMessage(Instant now) {
    Outbox.Stuck s = stuck;
    if (s == null || now.isBefore(s.since().plus(settings.stuckAfter()))) {
      return null;
    }
    return "mails cannot be sent since "
        + s.since()
        + " ("
        + s.mails()
        + " waiting): "
        + Escape.controls(String.valueOf(s.lastError()));
  }

  private void record(Outbox.Row row, Mailer.Result result) {
    // The time of the answer, not of the round's start: a batch can take minutes.
    Instant now = clock.instant();
    switch (result.outcome()) {
      case SENT -> outbox.sent(row.key(), now);
      case REJECTED -> giveUp(row, now, result.detail());
      case RETRY -> {
        // A row read from the outbox has one: COALESCE(retry_from, created).
        Instant giveUpAt =
            Objects.requireNonNull(row.retryFrom(), "a row due without its retry start")
                .plus(settings.retryFor());
        if (!now.isBefore(giveUpAt)) {
          giveUp(row, now, "not sent within " + settings.retryFor() + ": " + result.detail());
        } else {
          Instant next = now.plus(settings.backoff(row.attempts() + 1));
          // The last attempt falls at the end of the window, not up to max-backoff after it.
          outbox.retry(row.key(), now, next.isAfter(giveUpAt) ? giveUpAt : next, result.detail());
          LOG.warn(
              "mail to {} not sent (attempt {}), will retry until {}: {}",
              Escape.quoted(row.recipient()),
              row.attempts() + 1,
              giveUpAt,
              Escape.controls(result.detail()));
        }
      }
    }
  }

  /**
   * Asks the round in progress to finish the message in flight, record it and start no other; the
   * caller then waits for the round to end (see the service's shutdown). Rounds after this send
   * nothing.
   */
  public void stop() {
    stopping = true;
  }

  private void giveUp(Outbox.Row row, Instant now, String why) {
    outbox.dead(row.key(), now, why);
    LOG.error(
        "mail {} to {} dead-lettered after {} attempt(s), resendable through the API: {}",
        row.kind(),
        Escape.quoted(row.recipient()),
        row.attempts() + 1,
        Escape.controls(why));
  }

  private static Outbox.Row row(
      String identity, String recipient, String audience, String kind, Templates.Rendered mail) {
    return new Outbox.Row(
        key(identity + "|" + recipient),
        recipient,
        audience,
        kind,
        mail.subject(),
        mail.text(),
        mail.html(),
        0,
        null);
  }

  /** The idempotency key: the same change for the same recipient gives the same key. */
  static String key(String identity) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
