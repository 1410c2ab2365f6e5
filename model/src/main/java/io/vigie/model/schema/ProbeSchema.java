package io.vigie.model.schema;

import static io.vigie.model.schema.FieldType.FLOAT;
import static io.vigie.model.schema.FieldType.INTEGER;
import static io.vigie.model.schema.FieldType.STRING;

import java.util.List;

/**
 * The {@code probe} measurement: one point per run of a service probe. Apart from {@link Schema} so
 * that each family of points stays readable; {@link Schema#ALL} lists it.
 */
public final class ProbeSchema {
  /** The probe's name, unique within its target. */
  public static final String TAG_PROBE = "probe";

  /**
   * The probe's type: tcp, http, icmp, dns, sip, rtsp. Not {@code type}: a label many inventories
   * already use (a device type), which this tag would have taken from them.
   */
  public static final String TAG_TYPE = "probe_type";

  public static final String UP = "up";
  public static final String FAILURE = "failure";
  public static final String REASON = "reason";
  public static final String DURATION_MS = "duration_ms";
  public static final String DNS_MS = "dns_ms";
  public static final String CONNECT_MS = "connect_ms";
  public static final String TLS_MS = "tls_ms";
  public static final String FIRST_BYTE_MS = "first_byte_ms";
  public static final String HTTP_STATUS = "http_status";
  public static final String HTTP_REDIRECTS = "http_redirects";
  public static final String BODY_BYTES = "body_bytes";
  public static final String TLS_LEAF_DAYS = "tls_leaf_days";
  public static final String TLS_CHAIN_DAYS = "tls_chain_days";
  public static final String SENT = "sent";
  public static final String RECEIVED = "received";
  public static final String LOSS_PERCENT = "loss_percent";
  public static final String RTT_MIN_MS = "rtt_min_ms";
  public static final String RTT_AVG_MS = "rtt_avg_ms";
  public static final String RTT_MAX_MS = "rtt_max_ms";
  public static final String DNS_RCODE = "rcode";
  public static final String DNS_ANSWERS = "answers";
  public static final String SIP_STATUS = "sip_status";
  public static final String RTSP_STATUS = "rtsp_status";
  public static final String RTSP_MEDIA = "media";

  public static final MeasurementDef PROBE =
      new MeasurementDef(
          "probe",
          "One point per run of a service probe (a target's `probes:`), successful or not. Phases"
              + " are written when the protocol has them and the run got that far; a type's own"
              + " fields only by that type.",
          List.of(Schema.TAG_COLLECTOR, TAG_PROBE, TAG_TYPE),
          List.of(
              new FieldDef(UP, INTEGER, "0/1", "1 when the service answered as the probe expects")
                  .shown("Service {probe} up", "Service {probe} disponible"),
              new FieldDef(
                  FAILURE,
                  STRING,
                  "code",
                  "the kind of failure (same table as the poll's), `none` when up"),
              new FieldDef(REASON, STRING, "text", "why it failed, in words; empty when up"),
              new FieldDef(DURATION_MS, FLOAT, "ms", "the whole run")
                  .shown("Response time of {probe}", "Temps de réponse de {probe}"),
              new FieldDef(DNS_MS, FLOAT, "ms", "resolving the host name")
                  .shown("Name resolution of {probe}", "Résolution du nom de {probe}"),
              new FieldDef(CONNECT_MS, FLOAT, "ms", "the TCP connection")
                  .shown("Connection to {probe}", "Connexion à {probe}"),
              new FieldDef(TLS_MS, FLOAT, "ms", "the TLS handshake")
                  .shown("TLS handshake of {probe}", "Négociation TLS de {probe}"),
              new FieldDef(
                      FIRST_BYTE_MS,
                      FLOAT,
                      "ms",
                      "from the request sent to the first byte received")
                  .shown("First byte from {probe}", "Premier octet de {probe}"),
              new FieldDef(HTTP_STATUS, INTEGER, "code", "http: the final response's status")
                  .shown("HTTP status of {probe}", "Statut HTTP de {probe}"),
              new FieldDef(HTTP_REDIRECTS, INTEGER, "count", "http: redirects followed")
                  .shown("Redirects of {probe}", "Redirections de {probe}"),
              new FieldDef(BODY_BYTES, INTEGER, "bytes", "http: size of the body read")
                  .shown("Page size of {probe}", "Taille de la page de {probe}"),
              new FieldDef(
                      TLS_LEAF_DAYS,
                      FLOAT,
                      "days",
                      "https: days until the server's own certificate expires (negative: expired)")
                  .shown(
                      "Certificate of {probe} expires in", "Le certificat de {probe} expire dans"),
              new FieldDef(
                      TLS_CHAIN_DAYS,
                      FLOAT,
                      "days",
                      "https: days until the first certificate of the chain the server sent"
                          + " expires, the trust anchor excepted (a root in the trust store does not"
                          + " count: it is not what the server sends)")
                  .shown(
                      "Certificate chain of {probe} expires in",
                      "La chaîne de certificats de {probe} expire dans"),
              new FieldDef(SENT, INTEGER, "count", "icmp: echo requests sent")
                  .shown("Pings sent to {probe}", "Pings envoyés à {probe}"),
              new FieldDef(RECEIVED, INTEGER, "count", "icmp: echo replies received")
                  .shown("Pings answered by {probe}", "Pings reçus de {probe}"),
              new FieldDef(LOSS_PERCENT, FLOAT, "%", "icmp: requests without a reply")
                  .shown("Packet loss to {probe}", "Perte de paquets vers {probe}"),
              new FieldDef(RTT_MIN_MS, FLOAT, "ms", "icmp: fastest round trip")
                  .shown("Minimum round trip to {probe}", "Aller-retour minimal vers {probe}"),
              new FieldDef(RTT_AVG_MS, FLOAT, "ms", "icmp: mean round trip")
                  .shown("Round trip to {probe}", "Aller-retour vers {probe}"),
              new FieldDef(RTT_MAX_MS, FLOAT, "ms", "icmp: slowest round trip")
                  .shown("Maximum round trip to {probe}", "Aller-retour maximal vers {probe}"),
              new FieldDef(DNS_RCODE, STRING, "text", "dns: the answer's RCODE (NOERROR, ...)"),
              new FieldDef(DNS_ANSWERS, INTEGER, "count", "dns: records in the answer section")
                  .shown("DNS answers of {probe}", "Réponses DNS de {probe}"),
              new FieldDef(SIP_STATUS, INTEGER, "code", "sip: the OPTIONS response's status")
                  .shown("SIP status of {probe}", "Statut SIP de {probe}"),
              new FieldDef(RTSP_STATUS, INTEGER, "code", "rtsp: the DESCRIBE response's status")
                  .shown("RTSP status of {probe}", "Statut RTSP de {probe}"),
              new FieldDef(RTSP_MEDIA, INTEGER, "count", "rtsp: media streams the SDP names")
                  .shown("Streams offered by {probe}", "Flux proposés par {probe}")));

  private ProbeSchema() {}
}
