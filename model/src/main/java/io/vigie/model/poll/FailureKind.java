package io.vigie.model.poll;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a poll did not reach its target, or stopped short: the {@code failure} field of the {@code
 * poll} point. The collector writes the {@link #code()}; the alerting service reads it back and
 * decides by the {@link #leadsTo()}, never by the words of the {@code reason}, which are for
 * people.
 *
 * <p>A code, once written, is never renamed: points keep it for as long as InfluxDB keeps them.
 */
public enum FailureKind {
  NONE("none", "the poll reached the target and completed", Consequence.NONE),
  TIMEOUT("timeout", "the target did not answer in time", Consequence.UNREACHABLE),
  REFUSED(
      "refused",
      "the target's host refused the connection (nothing listens)",
      Consequence.UNREACHABLE),
  CONNECTION(
      "connection",
      "the connection failed for another reason (network, name, reset...)",
      Consequence.UNREACHABLE),
  CONNECTION_LOST(
      "connection_lost", "the session broke while a command ran", Consequence.UNREACHABLE),
  AUTHENTICATION(
      "authentication",
      "the target refused the credentials (password, key, SNMPv3 passphrase or level)",
      Consequence.ERROR),
  UNKNOWN_USER("unknown_user", "the SNMPv3 agent does not know the user", Consequence.ERROR),
  PRIVATE_KEY(
      "private_key", "the SSH private_key of the inventory cannot be read", Consequence.ERROR),
  HOST_KEY_MISMATCH(
      "host_key_mismatch",
      "the SSH host key differs from the one pinned for the target",
      Consequence.ERROR),
  HOST_KEY_NOT_TRUSTED(
      "host_key_not_trusted",
      "the SSH host key is neither pinned nor trusted on first use",
      Consequence.ERROR),
  AGENT_ERROR(
      "agent_error",
      "the SNMP agent answered with an error or an unreadable answer",
      Consequence.UNREACHABLE),
  BUDGET(
      "budget",
      "the poll ran out of its time budget before it was complete",
      Consequence.UNREACHABLE),
  COMMAND_FAILED(
      "command_failed",
      "an SSH command could not run, or printed what cannot be used",
      Consequence.UNREACHABLE),
  IO("io", "an input/output error on the way to the target", Consequence.UNREACHABLE),
  OVERRUN(
      "overrun",
      "turn skipped: the target's previous poll was still running",
      Consequence.UNREACHABLE),
  MISSED(
      "missed",
      "turn skipped: the collector's scheduler was a whole interval late",
      Consequence.UNREACHABLE),
  NAME_RESOLUTION(
      "name_resolution", "the target's host name does not resolve", Consequence.UNREACHABLE),
  TLS_EXPIRED(
      "tls_expired",
      "probe: a certificate of the chain has expired (or is not valid yet)",
      Consequence.ERROR),
  TLS_SELF_SIGNED(
      "tls_self_signed",
      "probe: the certificate is self-signed and not trusted",
      Consequence.ERROR),
  TLS_HOST_MISMATCH(
      "tls_host_mismatch",
      "probe: the certificate does not name the host asked for",
      Consequence.ERROR),
  TLS_UNTRUSTED(
      "tls_untrusted",
      "probe: the chain does not lead to a trusted authority (unknown CA, missing intermediate)",
      Consequence.ERROR),
  TLS_HANDSHAKE(
      "tls_handshake",
      "probe: the TLS handshake failed for another reason (protocol, cipher)",
      Consequence.ERROR),
  HTTP_STATUS(
      "http_status",
      "probe: the HTTP status is not one the probe expects (by default, not 2xx)",
      Consequence.ERROR),
  BODY_MISMATCH(
      "body_mismatch",
      "probe: the body does not contain what it must, or contains what it must not",
      Consequence.ERROR),
  BANNER_MISMATCH(
      "banner_mismatch",
      "probe: the TCP service's answer is not the one expected",
      Consequence.ERROR),
  DNS_RCODE(
      "dns_rcode",
      "probe: the DNS server answered with another RCODE (NXDOMAIN, SERVFAIL...)",
      Consequence.ERROR),
  DNS_ANSWER(
      "dns_answer", "probe: the DNS answer lacks a record the probe expects", Consequence.ERROR),
  SIP_STATUS(
      "sip_status",
      "probe: the SIP server answered OPTIONS with a 4xx, 5xx or 6xx",
      Consequence.ERROR),
  RTSP_STATUS(
      "rtsp_status", "probe: the RTSP server answered with an error status", Consequence.ERROR),
  NO_MEDIA("no_media", "probe: the camera's DESCRIBE names no media stream", Consequence.ERROR),
  INTERNAL(
      "internal",
      "the collector itself failed (a bug, not the target): the reason names the exception",
      Consequence.UNREACHABLE),
  UNKNOWN(
      "unknown",
      "a code this version does not know, or a point written without one",
      Consequence.UNREACHABLE);

  /** What a failed poll of this kind does to the target's status. */
  public enum Consequence {
    /** The poll reached the target: its data gives the status. */
    NONE("none: the target's data gives its status"),
    /** Needs a human (a credential or a host key): ERROR at once, not counted toward DEAD. */
    ERROR("ERROR at once; not counted toward DEAD"),
    /** An outage, as far as the collector can tell: counts toward DEAD. */
    UNREACHABLE("counts toward DEAD (`dead-after-polls` in a row)");

    private final String meaning;

    Consequence(String meaning) {
      this.meaning = meaning;
    }

    public String meaning() {
      return meaning;
    }
  }

  private final String code;
  private final String meaning;
  private final Consequence leadsTo;

  FailureKind(String code, String meaning, Consequence leadsTo) {
    this.code = code;
    this.meaning = meaning;
    this.leadsTo = leadsTo;
  }

  /** The stable lower-case code written to InfluxDB. */
  public String code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  public Consequence leadsTo() {
    return leadsTo;
  }

  /** True for the kinds a human must fix: the target is ERROR, not on its way to DEAD. */
  public boolean needsHuman() {
    return leadsTo == Consequence.ERROR;
  }

  /** The kind written as {@code code}, if this version knows it. */
  public static Optional<FailureKind> fromCode(String code) {
    for (FailureKind kind : values()) {
      if (kind.code.equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  // The words the collector's reasons used for the kinds that need a human, as the alerting service
  // matched them before the kind had a field of its own.
  private static final List<Legacy> LEGACY =
      List.of(
          new Legacy("authentication fail", AUTHENTICATION),
          new Legacy("unknown user", UNKNOWN_USER),
          new Legacy("host key mismatch", HOST_KEY_MISMATCH),
          new Legacy("host key not trusted", HOST_KEY_NOT_TRUSTED),
          new Legacy("private_key", PRIVATE_KEY));

  private record Legacy(String words, FailureKind kind) {}

  /**
   * The kind of a failed poll point written before the {@code poll} point had its {@code failure}
   * field (before 0.1.0, issue 15) (its collector wrote the kind only in the words of the {@code
   * reason}): the one place where a reason is searched. It tells apart only what the status needs:
   * a kind that needs a human, or {@link #UNKNOWN}, which counts toward DEAD. Remove it once no
   * such point is within the DEAD window.
   */
  public static FailureKind fromLegacyReason(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    for (Legacy legacy : LEGACY) {
      if (r.contains(legacy.words())) {
        return legacy.kind();
      }
    }
    return UNKNOWN;
  }
}
