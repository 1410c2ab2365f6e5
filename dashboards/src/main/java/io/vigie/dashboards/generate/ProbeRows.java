package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;
import static io.vigie.dashboards.generate.DetailPanels.table;

import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Property;
import io.vigie.dashboards.grafana.FieldConfigSource.Thresholds;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.ValueMapping;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A row per probe on a target's detail dashboard: up or down over time, the time of each phase,
 * what the probe's type measures (an HTTP status and days to certificate expiry, ping loss and
 * round trips, a DNS answer, a SIP or RTSP status, RTSP streams), and its last runs.
 *
 * <p>Only the fields the probe's type writes (see the probers and {@code docs/schema.md}), so that
 * no panel waits for data that never comes: an http probe writes no connection time (the JDK's
 * client does not tell it), a host given as an IP literal is not resolved, a tcp probe without
 * {@code expect} reads nothing.
 */
final class ProbeRows {
  /** An IP address written as such is parsed, not resolved: its probe writes no {@code dns_ms}. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.%]+]?");

  private final Target target;
  private final String where;
  private final Language language;

  ProbeRows(Target target, DetailPanels panels) {
    this.target = target;
    this.where = panels.where();
    this.language = panels.language();
  }

  /** Adds a row per probe of the target, if it has any. */
  void add(Layout layout) {
    for (Probe probe : target.probes()) {
      add(layout, probe);
    }
  }

  /** The type as the inventory writes it: {@code https} is an http probe with an https URL. */
  static String typeLabel(Probe probe) {
    return probe.spec() instanceof ProbeSpec.Http http && https(http)
        ? "https"
        : probe.type().code();
  }

  /**
   * The timing fields the probe writes, phases first and the whole run last; none for icmp, whose
   * run is the pings' spacing, not a latency (its round trips have a panel of their own).
   */
  static List<String> phases(Probe probe) {
    List<String> phases = new ArrayList<>();
    ProbeSpec spec = probe.spec();
    if (spec instanceof ProbeSpec.Tcp tcp) {
      if (!literal(tcp.host())) {
        phases.add(ProbeSchema.DNS_MS);
      }
      phases.add(ProbeSchema.CONNECT_MS);
      if (tcp.expect() != null) {
        phases.add(ProbeSchema.FIRST_BYTE_MS);
      }
    } else if (spec instanceof ProbeSpec.Http http) {
      String host = http.url().getHost();
      if (host == null || !literal(host)) {
        phases.add(ProbeSchema.DNS_MS);
      }
      phases.add(ProbeSchema.CONNECT_MS);
      if ("https".equalsIgnoreCase(http.url().getScheme())) {
        phases.add(ProbeSchema.TLS_MS);
      }
      phases.add(ProbeSchema.FIRST_BYTE_MS);
    } else if (spec instanceof ProbeSpec.Icmp) {
      return List.of();
    } else if (spec instanceof ProbeSpec.Dns dns) {
      if (!literal(dns.server())) {
        phases.add(ProbeSchema.DNS_MS);
      }
    } else if (spec instanceof ProbeSpec.Sip sip) {
      if (!literal(sip.host())) {
        phases.add(ProbeSchema.DNS_MS);
      }
      if (sip.tcp()) {
        phases.add(ProbeSchema.CONNECT_MS);
      }
    } else if (spec instanceof ProbeSpec.Rtsp rtsp) {
      String host = rtsp.url().getHost();
      if (host == null || !literal(host)) {
        phases.add(ProbeSchema.DNS_MS);
      }
      phases.add(ProbeSchema.CONNECT_MS);
      phases.add(ProbeSchema.FIRST_BYTE_MS);
    }
    phases.add(ProbeSchema.DURATION_MS);
    return phases;
  }

  private static boolean literal(String host) {
    return IP_LITERAL.matcher(host).matches();
  }

  private static boolean https(ProbeSpec.Http http) {
    return "https".equalsIgnoreCase(http.url().getScheme());
  }

  private void add(Layout layout, Probe probe) {
    Map<String, String> tags = Map.of(ProbeSchema.TAG_PROBE, probe.name());
    String name = probe.name();
    String of = where + "\"probe\" = " + Influxql.string(name) + " AND $timeFilter";
    long gapMs = 3 * probe.interval().toMillis();
    layout.row(word("Probe ", "Sonde ") + name + " (" + typeLabel(probe) + ")");

    layout.add(
        Panels.withInterval(
            Panels.stateTimeline(
                Metrics.name(ProbeSchema.PROBE, ProbeSchema.UP, language, tags),
                "Each run of the probe, up or down; an interval with a run down is down, one"
                    + " without a run says so. The reason of a failure is in the last runs below.",
                Statuses.upMappings(language),
                series(
                    "SELECT min(\"up\") AS "
                        + Influxql.ident(word("up", "disponible"))
                        + " FROM \"probe\" WHERE "
                        + of
                        + " GROUP BY time($__interval) fill(null)",
                    Metrics.name(ProbeSchema.PROBE, ProbeSchema.UP, language, tags))),
            interval(probe.interval())),
        24,
        4);

    List<String> phases = phases(probe);
    if (!phases.isEmpty()) {
      layout.add(
          Panels.timeseries(
              word("Response time by phase: ", "Temps de réponse par phase : ") + name,
              "Mean time of each phase of a run, and of the whole run.",
              Metrics.unit(ProbeSchema.PROBE, ProbeSchema.DURATION_MS),
              gapMs,
              series(
                  "SELECT "
                      + aggregates("mean", tags, phases.toArray(String[]::new))
                      + " FROM \"probe\" WHERE "
                      + of
                      + " GROUP BY time($__interval) fill(none)",
                  "$col")),
          12,
          7);
    }

    ProbeSpec spec = probe.spec();
    if (spec instanceof ProbeSpec.Http http) {
      layout.add(statusCodes(probe, ProbeSchema.HTTP_STATUS, of, tags), 12, 7);
      if (https(http)) {
        layout.add(certificate(probe, http.tls(), of, tags, gapMs), 24, 7);
      }
    } else if (spec instanceof ProbeSpec.Icmp) {
      Panel loss =
          Panels.timeseries(
              Metrics.name(ProbeSchema.PROBE, ProbeSchema.LOSS_PERCENT, language, tags),
              "Share of echo requests without a reply, per run.",
              Metrics.unit(ProbeSchema.PROBE, ProbeSchema.LOSS_PERCENT),
              gapMs,
              series(
                  "SELECT "
                      + aggregates("mean", tags, ProbeSchema.LOSS_PERCENT)
                      + " FROM \"probe\" WHERE "
                      + of
                      + " GROUP BY time($__interval) fill(none)",
                  "$col"));
      layout.add(Panels.withDefaults(loss, b -> b.min(0.0).max(100.0)), 12, 7);
      layout.add(
          Panels.timeseries(
              word("Round trips: ", "Allers-retours : ") + name,
              "The fastest, mean and slowest round trip of the replies.",
              Metrics.unit(ProbeSchema.PROBE, ProbeSchema.RTT_AVG_MS),
              gapMs,
              series(
                  "SELECT "
                      + String.join(
                          ", ",
                          aggregates("min", tags, ProbeSchema.RTT_MIN_MS),
                          aggregates("mean", tags, ProbeSchema.RTT_AVG_MS),
                          aggregates("max", tags, ProbeSchema.RTT_MAX_MS))
                      + " FROM \"probe\" WHERE "
                      + of
                      + " GROUP BY time($__interval) fill(none)",
                  "$col")),
          12,
          7);
    } else if (spec instanceof ProbeSpec.Dns dns) {
      String title = word("DNS answer code of ", "Code de réponse DNS de ") + name;
      Panel rcode =
          Panels.stateTimeline(
              title,
              "The RCODE of each answer; "
                  + dns.expectRcode()
                  + ", what the probe expects, is green, any other red.",
              List.of(
                  new ValueMapping.Values(
                      Map.of(
                          dns.expectRcode(),
                          new ValueMapping.Result(dns.expectRcode(), Statuses.RUN, 0))),
                  ValueMapping.Special.of(
                      "null+nan",
                      new ValueMapping.Result(
                          word("no data", "pas de mesure"), Statuses.NO_DATA, 1))),
              series(
                  "SELECT last(\"rcode\") AS \"rcode\" FROM \"probe\" WHERE "
                      + of
                      + " GROUP BY time($__interval) fill(null)",
                  title));
      layout.add(
          Panels.withInterval(
              Panels.withDefaults(rcode, b -> b.thresholds(onlyColour(Statuses.ERROR))),
              interval(probe.interval())),
          12,
          7);
      layout.add(
          countGraph(ProbeSchema.DNS_ANSWERS, "Records in each answer.", of, tags, gapMs), 12, 7);
    } else if (spec instanceof ProbeSpec.Sip) {
      layout.add(statusCodes(probe, ProbeSchema.SIP_STATUS, of, tags), 12, 7);
    } else if (spec instanceof ProbeSpec.Rtsp) {
      layout.add(statusCodes(probe, ProbeSchema.RTSP_STATUS, of, tags), 12, 7);
      layout.add(
          countGraph(
              ProbeSchema.RTSP_MEDIA,
              "Media streams the camera's description (SDP) offers, per run.",
              of,
              tags,
              gapMs),
          12,
          7);
    }
    // tcp: connection and banner only, the phases say it all.

    String state = word("state", "état");
    layout.add(
        Panels.table(
            word("Last runs: ", "Dernières exécutions : ") + name,
            "The latest runs: up or down, the kind of failure and why, and how long the run took.",
            List.of(),
            List.of(
                upColumn(state, language),
                FieldOverride.byName(
                    Metrics.name(ProbeSchema.PROBE, ProbeSchema.DURATION_MS, language, tags),
                    new Property(
                        "unit", Metrics.unit(ProbeSchema.PROBE, ProbeSchema.DURATION_MS)))),
            table(
                "SELECT \"up\" AS "
                    + Influxql.ident(state)
                    + ", \"failure\" AS "
                    + Influxql.ident(word("failure", "échec"))
                    + ", \"reason\" AS "
                    + Influxql.ident(word("reason", "raison"))
                    + ", \"duration_ms\""
                    + Metrics.as(ProbeSchema.PROBE, ProbeSchema.DURATION_MS, language, tags)
                    + " FROM \"probe\" WHERE "
                    + of
                    + " ORDER BY time DESC LIMIT 20")),
        24,
        7);
  }

  /** A protocol's status code over time, as the code on its class's colour. */
  private Panel statusCodes(Probe probe, String field, String of, Map<String, String> tags) {
    String title = Metrics.name(ProbeSchema.PROBE, field, language, tags);
    Panel panel =
        Panels.stateTimeline(
            title,
            "The status of each answer: 2xx green, 3xx amber, 4xx and 5xx red. Whether it means up"
                + " is the probe's expectation: see its history above.",
            List.of(
                ValueMapping.Special.of(
                    "null+nan",
                    new ValueMapping.Result(
                        word("no answer", "pas de réponse"), Statuses.NO_DATA, 0))),
            series(
                "SELECT last("
                    + Influxql.ident(field)
                    + ") FROM \"probe\" WHERE "
                    + of
                    + " GROUP BY time($__interval) fill(null)",
                title));
    return Panels.withInterval(
        Panels.withDefaults(panel, b -> b.unit("none").thresholds(Statuses.statusClasses())),
        interval(probe.interval()));
  }

  /** Days before the server's certificate and the rest of its chain expire, with the levels. */
  private Panel certificate(
      Probe probe, ProbeSpec.TlsExpectation tls, String of, Map<String, String> tags, long gapMs) {
    Panel panel =
        Panels.timeseries(
            word("Days to certificate expiry: ", "Jours avant l'expiration du certificat : ")
                + probe.name(),
            "Days before the server's own certificate expires, and the first of the rest of the"
                + " chain it sends (a root in the trust store does not count). The dashed lines are"
                + " the probe's levels: a warning under "
                + tls.warningDays()
                + " days, an error under "
                + tls.errorDays()
                + ".",
            Metrics.unit(ProbeSchema.PROBE, ProbeSchema.TLS_LEAF_DAYS),
            gapMs,
            series(
                "SELECT "
                    + aggregates("min", tags, ProbeSchema.TLS_LEAF_DAYS, ProbeSchema.TLS_CHAIN_DAYS)
                    + " FROM \"probe\" WHERE "
                    + of
                    + " GROUP BY time($__interval) fill(none)",
                "$col"));
    return Panels.withDefaults(
        panel,
        b -> {
          Map<String, Object> custom =
              new java.util.LinkedHashMap<>(
                  java.util.Objects.requireNonNull(panel.fieldConfig().defaults().custom()));
          custom.put("thresholdsStyle", Map.of("mode", "dashed"));
          return b.thresholds(
                  new Thresholds(
                      "absolute",
                      List.of(
                          new Thresholds.Step(null, Statuses.ERROR),
                          new Thresholds.Step((double) tls.errorDays(), Statuses.WARNING),
                          new Thresholds.Step((double) tls.warningDays(), Statuses.RUN))))
              .custom(custom);
        });
  }

  private Panel countGraph(
      String field, String description, String of, Map<String, String> tags, long gapMs) {
    return Panels.timeseries(
        Metrics.name(ProbeSchema.PROBE, field, language, tags),
        description,
        Metrics.unit(ProbeSchema.PROBE, field),
        gapMs,
        series(
            "SELECT "
                + aggregates("min", tags, field)
                + " FROM \"probe\" WHERE "
                + of
                + " GROUP BY time($__interval) fill(none)",
            "$col"));
  }

  /** {@code f("field") AS "<display name with the probe>", ...}. */
  private String aggregates(String function, Map<String, String> tags, String... fields) {
    List<String> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(
          function
              + "("
              + Influxql.ident(field)
              + ")"
              + Metrics.as(ProbeSchema.PROBE, field, language, tags));
    }
    return String.join(", ", columns);
  }

  /** A column of {@code up} values shown as up or down on their colour. */
  static FieldOverride upColumn(String name, Language language) {
    return FieldOverride.byName(
        name,
        new Property("mappings", Statuses.upMappings(language)),
        new Property("custom.cellOptions", Map.of("type", "color-background")));
  }

  /** Thresholds that give every value not mapped one colour. */
  private static Thresholds onlyColour(String colour) {
    return new Thresholds("absolute", List.of(new Thresholds.Step(null, colour)));
  }

  /** A Grafana interval for a probe's: {@code 30s}, {@code 1500ms}. */
  private static String interval(Duration interval) {
    long ms = interval.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  private String word(String en, String fr) {
    return Metrics.word(language, en, fr);
  }
}
