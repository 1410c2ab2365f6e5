package io.vigie.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.InfluxReplicas;
import io.vigie.alerting.influx.PollHistory;
import io.vigie.alerting.influx.ReplicaWrites;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.notify.MailSettings;
import io.vigie.alerting.notify.Mailer;
import io.vigie.alerting.notify.Notifier;
import io.vigie.alerting.notify.NotifyRounds;
import io.vigie.alerting.notify.NotifySettings;
import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.notify.Templates;
import io.vigie.alerting.report.MonthlyReports;
import io.vigie.alerting.report.MonthlySchedule;
import io.vigie.alerting.report.ReportInputs;
import io.vigie.alerting.report.Reports;
import io.vigie.alerting.report.ServiceReports;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.Journal;
import io.vigie.alerting.store.StateStore;
import io.vigie.alerting.stream.StreamSettings;
import io.vigie.alerting.stream.Streaming;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.InventoryWatcher;
import io.vigie.model.inventory.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting pipeline, free of Spring, as {@code Collector} is for the collector: the inventory
 * and its watcher, the InfluxDB reader and writer, the status engine and its store, the evaluation
 * loop, and the notifier with its outbox and its own loop. The Spring application only binds the
 * settings, hands these objects to the web API, and adds security and health.
 */
public final class Alerting implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

  /**
   * Where to read polls and metrics and write statuses.
   *
   * @param url one InfluxDB URL, or the URLs of several replicas separated by commas (read from the
   *     first that answers, written to all: {@link InfluxReplicas}, {@link ReplicaWrites})
   */
  public record Influx(
      String url,
      String database,
      @Nullable String username,
      @Nullable Secret password,
      Duration timeout) {}

  /** How and how often targets are judged. */
  public record Evaluation(
      EngineSettings engine,
      Duration interval,
      Duration refresh,
      Duration readOverlap,
      int deadAfterIntervals,
      int readParallelism,
      StreamSettings stream) {}

  /**
   * Everything the pipeline needs.
   *
   * @param mail the SMTP server; null when none is set: decisions are kept, no mail is sent
   * @param templatesDir templates that replace the built-in ones; null for none
   */
  public record Settings(
      Path inventory,
      Influx influx,
      Path dataDir,
      Evaluation evaluation,
      Duration reloadInterval,
      @Nullable MailSettings mail,
      NotifySettings notices,
      @Nullable Path templatesDir,
      Duration notifyTick,
      int reportsHour) {}

  private final InventoryWatcher watcher;
  private final InfluxReplicas influx;
  private final ReplicaWrites writes;
  private final StateStore store;
  private final AlertingService service;
  private final Outbox outbox;
  private final PollHistory polls;
  private final Reports reports;
  private final Loop evaluationLoop;
  private final Loop notifyLoop;
  private final @Nullable Streaming streaming;

  private Alerting(
      InventoryWatcher watcher,
      InfluxReplicas influx,
      ReplicaWrites writes,
      StateStore store,
      AlertingService service,
      Outbox outbox,
      PollHistory polls,
      Reports reports,
      Loop evaluationLoop,
      Loop notifyLoop,
      @Nullable Streaming streaming) {
    this.streaming = streaming;
    this.watcher = watcher;
    this.polls = polls;
    this.reports = reports;
    this.influx = influx;
    this.writes = writes;
    this.store = store;
    this.service = service;
    this.outbox = outbox;
    this.evaluationLoop = evaluationLoop;
    this.notifyLoop = notifyLoop;
  }

  /**
   * Loads the inventory (refusing to start on an invalid one), opens the stores, and starts the
   * evaluation and, with an SMTP server, the notifier.
   */
  public static Alerting start(Settings settings, Clock clock, MeterRegistry registry)
      throws InventoryException {
    InventoryWatcher watcher = watcher(settings.inventory(), registry);
    Influx db = settings.influx();
    InfluxReplicas influx =
        InfluxReplicas.connect(db.url(), db.username(), db.password(), db.timeout())
            .register(registry);
    Evaluation evaluation = settings.evaluation();
    // Evaluated throughout while no two evaluations in a row are missed (3 intervals), and while a
    // slow but successful read delays the next run of the fixed-delay loop (up to the timeout).
    StateStore store =
        StateStore.open(
            settings.dataDir(), evaluation.interval().multipliedBy(3).plus(db.timeout()));
    // Every replica gets the status points; one that is down gets them once it is back.
    ReplicaWrites writes =
        new ReplicaWrites(influx, db.database(), store.backlog()).register(registry);
    AlertingService service =
        new AlertingService(
            watcher::current,
            new InfluxReader(
                influx,
                db.database(),
                evaluation.deadAfterIntervals(),
                evaluation.readParallelism()),
            new StatusWriter(writes, watcher::current),
            new StatusEngine(evaluation.engine()),
            store,
            clock,
            evaluation.refresh(),
            evaluation.readOverlap(),
            registry);
    // One thread: evaluations at a fixed delay (never overlapping), inventory checks between. An
    // evaluation in progress is stored before the state store closes.
    Duration reload = settings.reloadInterval();
    Loop evaluationLoop =
        new Loop("vigie-evaluation", db.timeout().plusSeconds(5), () -> {})
            .every(watcher, reload, reload);
    Streaming streaming = stream(evaluation, service, watcher, influx, db, clock, registry);
    if (streaming == null) {
      evaluationLoop.every(service::evaluate, Duration.ZERO, evaluation.interval());
    } else {
      // The start-up read first (the stream's points wait for it), then reconciliations; the log
      // rules' windows at the evaluation interval.
      evaluationLoop
          .every(streaming::reconcile, Duration.ZERO, RECONCILE_TICK)
          .every(service::evaluateLogs, evaluation.interval(), evaluation.interval());
    }
    // The outbox is also read by the API (dead letters), with or without an SMTP host.
    Outbox outbox = new Outbox(settings.dataDir());
    Reports reports =
        new ServiceReports(service::inventory, new ReportInputs(store, service::inventory));
    Loop notifyLoop = notifyLoop(settings, service, outbox, clock, registry);
    if (settings.mail() != null) {
      // Last month's reports, once, to the clients with a contract: looked at every minute.
      MonthlyReports monthly =
          new MonthlyReports(
              reports,
              service::inventory,
              outbox,
              new MonthlySchedule(settings.reportsHour()),
              () -> firstEvaluation(store, clock),
              clock);
      notifyLoop.every(monthly::run, Duration.ofSeconds(10), Duration.ofMinutes(1));
    }
    // A target's last polls for the console, on the same client: a week back at most.
    PollHistory polls = new PollHistory(influx, db.database(), Duration.ofDays(7));
    return new Alerting(
        watcher,
        influx,
        writes,
        store,
        service,
        outbox,
        polls,
        reports,
        evaluationLoop,
        notifyLoop,
        streaming);
  }

  /** How often the evaluation loop looks whether a reconciliation is due or wanted. */
  private static final Duration RECONCILE_TICK = Duration.ofMillis(250);

  /**
   * The streaming evaluation, or null when it is off or its receiver cannot listen: then every
   * target is judged at each interval, as before (as it also is while InfluxDB refuses the
   * subscription).
   */
  private static @Nullable Streaming stream(
      Evaluation evaluation,
      AlertingService service,
      InventoryWatcher watcher,
      InfluxReplicas influx,
      Influx db,
      Clock clock,
      MeterRegistry registry) {
    StreamSettings settings = evaluation.stream();
    if (!settings.enabled()) {
      return null;
    }
    try {
      // The subscription with an admin of its own when given: the service's user needs no more
      // than reading and writing.
      InfluxReplicas subscriber =
          settings.adminUsername() == null
              ? influx
              : InfluxReplicas.connect(
                  db.url(), settings.adminUsername(), settings.adminPassword(), db.timeout());
      return Streaming.start(
          service,
          watcher::current,
          subscriber,
          db.database(),
          clock,
          settings,
          evaluation.interval(),
          registry);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn(
          "points cannot be taken as they are written ({}); every target is judged every {}",
          String.valueOf(e.getMessage()),
          evaluation.interval());
      return null;
    }
  }

  /** When the service first evaluated, from its journal; null if it never did. */
  private static @Nullable Instant firstEvaluation(StateStore store, Clock clock) {
    List<Journal.Span> spans = store.journal().evaluated(Instant.EPOCH, clock.instant());
    return spans.isEmpty() ? null : spans.get(0).from();
  }

  private static InventoryWatcher watcher(Path file, MeterRegistry registry)
      throws InventoryException {
    InventoryLoader loader = InventoryLoader.withSystemSecrets();
    InventoryWatcher.Snapshot first = InventoryWatcher.read(file);
    Inventory inventory = loader.parse(first.text(), file.toString());
    return new InventoryWatcher(
        file,
        loader,
        first,
        inventory,
        next -> LOG.info("inventory reloaded: {} targets", next.targets().size()),
        outcome ->
            registry.counter("vigie.alerting.inventory.reloads", "result", outcome).increment());
  }

  /**
   * The notifier, on a thread of its own so that a slow SMTP server never delays an evaluation.
   * Without an SMTP host there is none.
   */
  private static Loop notifyLoop(
      Settings settings,
      AlertingService service,
      Outbox outbox,
      Clock clock,
      MeterRegistry registry) {
    MailSettings mail = settings.mail();
    if (mail == null) {
      LOG.warn("no SMTP host (VIGIE_SMTP_HOST): decisions are kept, no mail is sent");
      return new Loop("vigie-notify", Duration.ofSeconds(5), () -> {});
    }
    // The SMTP timeout bounds each step of a message; twice that covers DATA and its answer.
    Duration grace = mail.timeout().multipliedBy(2).plusSeconds(5);
    Notifier notifier =
        new Notifier(
            service,
            outbox,
            new Templates(settings.templatesDir()),
            new Mailer(mail),
            settings.notices(),
            clock,
            registry);
    LOG.info("alert mails through {}:{}", mail.host(), mail.port());
    service.watchCondition("mail", notifier::stuckMessage);
    // A round as each grouping window ends, told of the decisions as they are stored; at the
    // latest one tick after the previous round.
    NotifyRounds rounds =
        new NotifyRounds(notifier, settings.notices().groupWindow(), settings.notifyTick(), clock);
    service.onDecision(rounds::decided);
    // On SIGTERM: a wait ends, the message in flight is finished and recorded, no other is
    // started. The rounds wait inside their run: the loop's own delay is only the least it takes.
    return new Loop("vigie-notify", grace, rounds::stop)
        .every(rounds, Duration.ZERO, Duration.ofMillis(1));
  }

  public InventoryWatcher watcher() {
    return watcher;
  }

  /** The streaming evaluation; null when off or refused by InfluxDB. */
  public @Nullable Streaming streaming() {
    return streaming;
  }

  public AlertingService service() {
    return service;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** Where the API and the console get a client's service-level report. */
  public Reports reports() {
    return reports;
  }

  /** The InfluxDB replicas the service reads (one without replicas). */
  public InfluxReplicas influx() {
    return influx;
  }

  /**
   * What the health endpoint shows of InfluxDB: the replica read, and per replica whether its last
   * read failed and how many status points are kept for it.
   */
  public java.util.Map<String, Object> influxDetails() {
    java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("reading", influx.reading());
    java.util.Map<String, String> each = new java.util.LinkedHashMap<>();
    influx
        .readFailed()
        .forEach(
            (name, failed) ->
                each.put(
                    name,
                    (failed ? "last read failed" : "ok")
                        + ", status points kept for it: "
                        + writes.kept(name)));
    details.put("replicas", each);
    return details;
  }

  /** A target's last polls, read from InfluxDB when asked (the console's target page). */
  public PollHistory polls() {
    return polls;
  }

  /**
   * Stops the notifier (the mail in flight is finished and recorded), then the evaluation (the one
   * in progress is stored), then closes the stores and the InfluxDB client.
   */
  @Override
  public void close() {
    notifyLoop.close();
    if (streaming != null) {
      streaming.close();
    }
    evaluationLoop.close();
    outbox.close();
    writes.close();
    store.close();
    influx.close();
  }
}
