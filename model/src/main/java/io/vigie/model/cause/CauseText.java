package io.vigie.model.cause;

import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Language;
import io.vigie.model.logs.LogRule;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.schema.FieldDef;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import io.vigie.model.schema.Unit;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Cause} as a sentence for a client, in French or English: metric names and units from
 * {@link Schema}, numbers in the language's format ({@code 93,5 %}), a poll's failure by its {@link
 * FailureKind}. Never the poll's raw reason, which can name a Java exception: that stays in the
 * English {@code cause} text of the API and the NOC's copy.
 */
public final class CauseText {
  private static final char NBSP = '\u00a0';

  /**
   * In a {@link Cause.Threshold}'s tags, the service a probe asks (its URL or host), added by the
   * alerting service beside the series' tags so that a sentence names it: not a tag of InfluxDB.
   */
  public static final String SERVICE_TAG = "service";

  private final ZoneId zone;

  public CauseText(ZoneId zone) {
    this.zone = zone;
  }

  public String render(Cause cause, Language language) {
    boolean fr = language == Language.FR;
    // Java 17: no pattern switch; the sealed interface lists every variant handled here.
    if (cause instanceof Cause.Threshold t) {
      return threshold(t, language);
    }
    if (cause instanceof Cause.Unreachable u) {
      return fr
          ? "Équipement injoignable : "
              + failure(u.failure(), u.protocol(), language)
              + " depuis "
              + count(u.polls(), "relevé", "relevés", language)
          : "Device unreachable: "
              + failure(u.failure(), u.protocol(), language)
              + " for "
              + count(u.polls(), "poll", "polls", language);
    }
    if (cause instanceof Cause.AccessRefused a) {
      return (fr ? "Accès refusé : " : "Access refused: ")
          + failure(a.failure(), a.protocol(), language);
    }
    if (cause instanceof Cause.NoData n) {
      return (fr ? "Aucune donnée depuis " : "No data for ") + duration(n.silence(), language);
    }
    if (cause instanceof Cause.NeverReported n) {
      return fr
          ? "Aucune donnée reçue depuis son ajout (" + time(n.since(), language) + ")"
          : "No data ever received since it was added (" + time(n.since(), language) + ")";
    }
    if (cause instanceof Cause.ParentDown p) {
      if (p.parent() == null) {
        return fr
            ? "Injoignable : un équipement en amont, hors de vos cibles, est en panne"
            : "Unreachable: a device in front of it, not one of your targets, is down";
      }
      return fr
          ? "Injoignable : l’équipement en amont " + p.parent() + " est en panne"
          : "Unreachable: the device in front of it, " + p.parent() + ", is down";
    }
    if (cause instanceof Cause.Flapping f) {
      return (fr
              ? count(f.changes(), "changement d’état", "changements d’état", language) + " en "
              : count(f.changes(), "status change", "status changes", language) + " in ")
          + duration(f.window(), language)
          + (f.now() == null
              ? ""
              : (fr ? " ; actuellement : " : "; now: ") + render(f.now(), language));
    }
    if (cause instanceof Cause.CheckFailed c) {
      return checkFailed(c, language);
    }
    if (cause instanceof Cause.InterfaceDown i) {
      return fr ? "Interface " + i.name() + " hors service" : "Interface " + i.name() + " down";
    }
    if (cause instanceof Cause.ProbeFailed p) {
      return ProbeCauseText.probeFailed(p, language);
    }
    if (cause instanceof Cause.ProbeSilent p) {
      return ProbeCauseText.probeSilent(p, language);
    }
    if (cause instanceof Cause.LogMatched l) {
      return LogCauseText.logMatched(l, language);
    }
    throw new IllegalArgumentException("no text for the cause " + cause);
  }

  private String threshold(Cause.Threshold t, Language language) {
    boolean fr = language == Language.FR;
    Map<String, String> tags = t.tags();
    String service = tags.get(SERVICE_TAG);
    boolean days =
        Schema.numericMetric(t.metric()).map(f -> f.quantity() == Unit.DAYS).orElse(false);
    if (service != null) {
      // A probe's field: the service it asks (a certificate's host) reads better than its name.
      Map<String, String> named = new LinkedHashMap<>(tags);
      named.put(ProbeSchema.TAG_PROBE, days ? ProbeCauseText.host(service) : service);
      tags = named;
    }
    if (days) {
      // "Le certificat de shop.acme.example expire dans 6 jours (erreur : moins de 7 jours)"
      String level =
          switch (t.severity()) {
            case ERROR -> fr ? "erreur" : "error";
            case WARNING -> fr ? "avertissement" : "warning";
          };
      String side =
          t.comparison() == Comparison.BELOW
              ? (fr ? "moins de" : "under")
              : (fr ? "plus de" : "over");
      return metricName(t.metric(), tags, language)
          + " "
          + days(t.value(), language)
          + " ("
          + level
          + (fr ? " : " : ": ")
          + side
          + " "
          + days(t.level(), language)
          + ")";
    }
    String level =
        switch (t.severity()) {
          case ERROR -> fr ? "erreur" : "error";
          case WARNING -> fr ? "avertissement" : "warning";
        };
    String side =
        t.comparison() == Comparison.BELOW
            ? (fr ? "en dessous de" : "below")
            : (fr ? "au-dessus de" : "above");
    return metricName(t.metric(), tags, language)
        + (fr ? " à " : " at ")
        + quantity(t.metric(), t.value(), language)
        + " ("
        + level
        + " "
        + side
        + " "
        + quantity(t.metric(), t.level(), language)
        + ")";
  }

  /** A number of days: "6 jours", "1 day". */
  static String days(double value, Language language) {
    boolean fr = language == Language.FR;
    boolean one = Math.abs(value) == 1;
    return number(value, language)
        + NBSP
        + (fr ? (one ? "jour" : "jours") : (one ? "day" : "days"));
  }

  private static String checkFailed(Cause.CheckFailed c, Language language) {
    boolean fr = language == Language.FR;
    String state =
        switch (c.state()) {
          case 1 -> fr ? "AVERTISSEMENT" : "WARNING";
          case 2 -> fr ? "CRITIQUE" : "CRITICAL";
          default -> fr ? "INCONNU" : "UNKNOWN";
        };
    String head = (fr ? "Contrôle " : "Check ") + c.check() + (fr ? " en " : " is ") + state;
    // The plugin's own words: the client's plugin, quoted as it wrote them.
    return c.message() == null || c.message().isBlank()
        ? head
        : head + (fr ? " : « " + c.message().strip() + " »" : ": “" + c.message().strip() + "”");
  }

  /**
   * What people call a check: a metric's display name with its tags, a plugin check's or an
   * interface's name, the reachability, data and parent checks in words.
   */
  public static String checkName(String check, Language language) {
    boolean fr = language == Language.FR;
    if (check == null || check.isEmpty()) {
      return check;
    }
    switch (check) {
      case "reachability" -> {
        return fr ? "joignabilité" : "reachability";
      }
      case "data" -> {
        return fr ? "réception des données" : "data received";
      }
      case "parent" -> {
        return fr ? "équipement en amont" : "device in front of it";
      }
      default -> {
        // a metric, a plugin check or an interface: named below
      }
    }
    if (check.startsWith("check:")) {
      return (fr ? "contrôle " : "check ") + check.substring("check:".length());
    }
    if (check.startsWith("interface:")) {
      return "interface " + check.substring("interface:".length());
    }
    if (check.startsWith(Probe.CHECK_PREFIX)) {
      return (fr ? "sonde " : "probe ") + check.substring(Probe.CHECK_PREFIX.length());
    }
    if (check.startsWith(LogRule.CHECK_PREFIX)) {
      return (fr ? "journaux, règle " : "logs, rule ")
          + check.substring(LogRule.CHECK_PREFIX.length());
    }
    int brace = check.indexOf('{');
    String metric = brace < 0 ? check : check.substring(0, brace);
    Map<String, String> tags = new LinkedHashMap<>();
    if (brace >= 0 && check.endsWith("}")) {
      // -1 keeps trailing empty pairs, which have no '=' and are skipped like the others.
      for (String pair : check.substring(brace + 1, check.length() - 1).split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          tags.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    if (Schema.numericMetric(metric).isEmpty()
        || Schema.numericMetric(metric).get().displayName() == null) {
      return check;
    }
    // A check is named, not said: "Le certificat de web", not "... expire dans".
    return metricName(metric, tags, language).replaceAll(" (expire dans|expires in)$", "");
  }

  /**
   * A metric's display name with the series' tags in it, or {@code measurement.field} and its tags
   * when the schema gives it no display name.
   */
  public static String metricName(String metric, Map<String, String> tags, Language language) {
    Optional<FieldDef> field = Schema.numericMetric(metric);
    if (field.isEmpty() || field.get().displayName() == null) {
      StringBuilder b = new StringBuilder(metric);
      if (!tags.isEmpty()) {
        b.append(' ').append(tags.values());
      }
      return b.toString();
    }
    String name = field.get().displayName().in(language);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      name = name.replace("{" + tag.getKey() + "}", tag.getValue());
    }
    return name.replaceAll(" ?\\{[a-z_]+\\}", "");
  }

  /** A value of {@code metric} with its unit, in the language's number format. */
  public static String quantity(String metric, double value, Language language) {
    Unit unit = Schema.numericMetric(metric).map(FieldDef::quantity).orElse(Unit.NONE);
    boolean fr = language == Language.FR;
    String[] prefixes = {"", "k", "M", "G", "T", "P"};
    double v = value;
    int scale = 0;
    boolean scaled =
        unit == Unit.BYTES || unit == Unit.BYTES_PER_SECOND || unit == Unit.BITS_PER_SECOND;
    while (scaled && Math.abs(v) >= 1000 && scale < prefixes.length - 1) {
      v /= 1000;
      scale++;
    }
    String symbol = fr ? unit.symbolFr() : unit.symbolEn();
    if (symbol.isEmpty()) {
      return number(v, language);
    }
    String prefix = prefixes[scale];
    if (fr && scale == 1 && !symbol.startsWith("bit")) {
      prefix = "k"; // ko, ko/s
    }
    // "93.5%" in English, "93,5 %" in French; a no-break space keeps a value and its unit together.
    String gap = unit == Unit.PERCENT && !fr ? "" : String.valueOf(NBSP);
    return number(v, language) + gap + prefix + symbol;
  }

  /** A number as the language writes it, with at most two decimals. */
  public static String number(double value, Language language) {
    NumberFormat format = NumberFormat.getNumberInstance(locale(language));
    format.setMaximumFractionDigits(2);
    return format.format(value);
  }

  private static Locale locale(Language language) {
    return language == Language.FR ? Locale.FRANCE : Locale.UK;
  }

  private static String count(int n, String one, String many, Language language) {
    return number(n, language) + " " + (n == 1 ? one : many);
  }

  static String duration(Duration d, Language language) {
    long s = d.toSeconds();
    String n;
    if (s < 120) {
      n = s + "\u00a0s";
    } else if (s < 7200) {
      n = s / 60 + "\u00a0min";
    } else if (s < 2 * 86400) {
      n = s / 3600 + "\u00a0h";
    } else {
      n = s / 86400 + (language == Language.FR ? "\u00a0j" : "\u00a0d");
    }
    return n;
  }

  private String time(Instant t, Language language) {
    String pattern = language == Language.FR ? "dd/MM/yyyy HH:mm" : "yyyy-MM-dd HH:mm";
    return DateTimeFormatter.ofPattern(pattern).withZone(zone).format(t) + " " + zone.getId();
  }

  /** A poll's failure in words, naming the protocol where it helps ("pas de réponse SNMP"). */
  static String failure(FailureKind kind, String protocol, Language language) {
    boolean fr = language == Language.FR;
    String p =
        protocol == null || protocol.isEmpty() || protocol.equals("local")
            ? ""
            : protocol.toUpperCase(Locale.ROOT);
    String text =
        switch (kind) {
          case NONE -> fr ? "relevé complet" : "poll complete";
          case TIMEOUT -> fr ? "pas de réponse {p}" : "no {p} answer";
          case REFUSED ->
              fr
                  ? "connexion {p} refusée (aucun service à l’écoute)"
                  : "{p} connection refused (nothing listens)";
          case CONNECTION ->
              fr
                  ? "connexion {p} impossible (réseau, nom ou coupure)"
                  : "{p} connection failed (network, name or reset)";
          case CONNECTION_LOST ->
              fr ? "session {p} coupée pendant une commande" : "{p} session lost during a command";
          case AUTHENTICATION -> fr ? "authentification {p} refusée" : "{p} authentication refused";
          case UNKNOWN_USER -> fr ? "utilisateur SNMPv3 inconnu" : "unknown SNMPv3 user";
          case PRIVATE_KEY -> fr ? "clé privée SSH illisible" : "SSH private key unreadable";
          case HOST_KEY_MISMATCH -> fr ? "la clé d’hôte SSH a changé" : "SSH host key changed";
          case HOST_KEY_NOT_TRUSTED ->
              fr ? "clé d’hôte SSH non approuvée" : "SSH host key not trusted";
          case AGENT_ERROR ->
              fr ? "réponse {p} en erreur ou illisible" : "{p} answer in error or unreadable";
          case BUDGET -> fr ? "relevé trop long, interrompu" : "poll too long, stopped";
          case COMMAND_FAILED -> fr ? "une commande {p} a échoué" : "a {p} command failed";
          case IO -> fr ? "erreur d’entrée-sortie {p}" : "{p} input/output error";
          case OVERRUN -> fr ? "relevé précédent encore en cours" : "previous poll still running";
          case MISSED -> fr ? "relevé manqué par le collecteur" : "poll missed by the collector";
          case NAME_RESOLUTION -> fr ? "nom d’hôte introuvable (DNS)" : "host name not found (DNS)";
          case TLS_EXPIRED -> fr ? "certificat expiré" : "certificate expired";
          case TLS_SELF_SIGNED ->
              fr ? "certificat auto-signé, non reconnu" : "self-signed certificate, not trusted";
          case TLS_HOST_MISMATCH ->
              fr ? "le certificat ne porte pas ce nom" : "the certificate is for another name";
          case TLS_UNTRUSTED ->
              fr
                  ? "certificat émis par une autorité non reconnue"
                  : "certificate from an untrusted authority";
          case TLS_HANDSHAKE -> fr ? "négociation TLS impossible" : "TLS handshake failed";
          case HTTP_STATUS -> fr ? "réponse HTTP en erreur" : "HTTP error response";
          case BODY_MISMATCH ->
              fr ? "la page n’a pas le contenu attendu" : "the page lacks the expected content";
          case BANNER_MISMATCH ->
              fr
                  ? "le service ne répond pas ce qui est attendu"
                  : "unexpected answer from the service";
          case DNS_RCODE ->
              fr ? "le serveur DNS répond en erreur" : "the DNS server answers an error";
          case DNS_ANSWER ->
              fr ? "la réponse DNS n’est pas celle attendue" : "unexpected DNS answer";
          case SIP_STATUS ->
              fr ? "le serveur SIP répond en erreur" : "the SIP server answers an error";
          case RTSP_STATUS ->
              fr ? "la caméra répond en erreur (RTSP)" : "the camera answers an error (RTSP)";
          case NO_MEDIA -> fr ? "la caméra ne propose aucun flux" : "the camera offers no stream";
          case INTERNAL -> fr ? "incident interne du collecteur" : "collector internal fault";
          case UNKNOWN -> fr ? "cause inconnue" : "unknown cause";
        };
    return p.isEmpty()
        ? text.replace(" {p}", "").replace("{p} ", "")
        : text.replace("{p}", p).replace("a SSH", "an SSH");
  }
}
