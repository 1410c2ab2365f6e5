package io.vigie.model.cause;

import static io.vigie.model.cause.CauseText.days;
import static io.vigie.model.cause.CauseText.duration;
import static io.vigie.model.cause.CauseText.failure;

import io.vigie.model.inventory.Language;
import io.vigie.model.probe.ProbeType;
import java.net.URI;

/**
 * The sentences of a probe's causes ({@link Cause.ProbeFailed}, {@link Cause.ProbeSilent}) for
 * {@link CauseText}: what the probe asks named as a client would ("Le site https://…", "Caméra
 * rtsp://…"), a certificate by its host.
 */
final class ProbeCauseText {

  private ProbeCauseText() {}

  /** "Sonde shop (https://…) : aucun résultat depuis 5 min". */
  static String probeSilent(Cause.ProbeSilent p, Language language) {
    boolean fr = language == Language.FR;
    return fr
        ? "Sonde "
            + p.probe()
            + " ("
            + p.service()
            + ") : aucun résultat depuis "
            + duration(p.silence(), language)
        : "Probe "
            + p.probe()
            + " ("
            + p.service()
            + "): no result for "
            + duration(p.silence(), language);
  }

  static String probeFailed(Cause.ProbeFailed p, Language language) {
    boolean fr = language == Language.FR;
    String status = p.status();
    String text;
    boolean certificate = false;
    switch (p.failure()) {
      case HTTP_STATUS, SIP_STATUS, RTSP_STATUS, DNS_RCODE -> {
        text =
            status == null || status.isEmpty()
                ? subject(p.type(), p.service(), false, language)
                    + (fr ? " : " : ": ")
                    + failure(p.failure(), "", language)
                : subject(p.type(), p.service(), true, language)
                    + (fr ? " répond " : " answers ")
                    + status;
      }
      case TLS_EXPIRED -> {
        certificate = true;
        Double d = p.days();
        text =
            certificate(p.service(), language)
                + (d != null && d < 0
                    ? (fr ? "expiré depuis " : "expired ") + days(-d, language) + (fr ? "" : " ago")
                    : (fr ? "expiré ou pas encore valide" : "expired or not valid yet"));
      }
      case TLS_SELF_SIGNED, TLS_HOST_MISMATCH, TLS_UNTRUSTED, TLS_HANDSHAKE -> {
        certificate = true;
        text = certificate(p.service(), language) + failure(p.failure(), "", language);
      }
      case TIMEOUT ->
          text =
              subject(p.type(), p.service(), false, language)
                  + (fr ? " : pas de réponse" : ": no answer");
      case NO_MEDIA ->
          text =
              subject(p.type(), p.service(), false, language)
                  + (fr ? " : aucun flux proposé" : ": no stream offered");
      default ->
          text =
              subject(p.type(), p.service(), false, language)
                  + (fr ? " : " : ": ")
                  + failure(p.failure(), "", language);
    }
    if (!certificate && p.failingFor().toSeconds() >= 60) {
      text += (fr ? " depuis " : " for ") + duration(p.failingFor(), language);
    }
    return text;
  }

  /**
   * What a probe asks, as the start of a sentence: "Le site https://…" ({@code article}) or "Site
   * https://…".
   */
  private static String subject(
      ProbeType type, String service, boolean article, Language language) {
    boolean fr = language == Language.FR;
    String noun =
        switch (type) {
          case HTTP -> fr ? (article ? "Le site" : "Site") : "Website";
          case TCP -> fr ? (article ? "Le service" : "Service") : "Service";
          case ICMP -> fr ? (article ? "L’hôte" : "Hôte") : "Host";
          case DNS -> fr ? (article ? "Le serveur DNS" : "Serveur DNS") : "DNS server";
          case SIP -> fr ? (article ? "Le serveur SIP" : "Serveur SIP") : "SIP server";
          case RTSP -> fr ? (article ? "La caméra" : "Caméra") : "Camera";
        };
    return noun + " " + service;
  }

  private static String certificate(String service, Language language) {
    return language == Language.FR
        ? "Certificat de " + host(service) + " : "
        : "Certificate of " + host(service) + ": ";
  }

  /** The host of a URL, or the text itself when it is not one. */
  static String host(String service) {
    if (!service.contains("://")) {
      return service;
    }
    try {
      String host = URI.create(service).getHost();
      return host == null ? service : host;
    } catch (IllegalArgumentException e) {
      return service;
    }
  }
}
