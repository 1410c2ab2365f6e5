package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.ProbeSchema;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * What a probe says of a server's certificate chain: the days before its certificates expire, and
 * the kind of a failed verification.
 */
final class TlsCertificates {
  private static final double MS_PER_DAY = 86_400_000.0;

  private TlsCertificates() {}

  /**
   * Writes {@code tls_leaf_days} (the first certificate sent, the server's own) and {@code
   * tls_chain_days} (the earliest expiry among the others the server sent, self-signed roots
   * excepted; absent when there is none).
   */
  static void writeDays(X509Certificate[] chain, Instant now, Map<String, Object> fields) {
    if (chain.length == 0) {
      return;
    }
    fields.put(ProbeSchema.TLS_LEAF_DAYS, days(chain[0], now));
    Double earliest = null;
    for (int i = 1; i < chain.length; i++) {
      if (!selfSigned(chain[i])) {
        double d = days(chain[i], now);
        earliest = earliest == null ? d : Math.min(earliest, d);
      }
    }
    if (earliest != null) {
      fields.put(ProbeSchema.TLS_CHAIN_DAYS, earliest);
    }
  }

  /** Days from {@code now} to the certificate's notAfter, to the thousandth; negative: expired. */
  static double days(X509Certificate certificate, Instant now) {
    double days =
        (certificate.getNotAfter().toInstant().toEpochMilli() - now.toEpochMilli()) / MS_PER_DAY;
    return Math.round(days * 1000) / 1000.0;
  }

  /** Whether the certificate is issued by itself and signed by its own key. */
  static boolean selfSigned(X509Certificate certificate) {
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code error} comes from TLS: the handshake or the certificate's verification. */
  static boolean isTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /** A failed verification, typed, with its reason. */
  record Verdict(FailureKind kind, String reason) {}

  /**
   * Classifies a TLS failure from the exception chain: an expired or not yet valid certificate, a
   * host name the certificate does not name (the JDK's HTTPS endpoint identification, or OkHttp's
   * host name verifier after the handshake: "Hostname ... not verified"), a chain that leads to no
   * trusted authority (self-signed when the server's own certificate signs itself), or another
   * handshake failure.
   */
  static Verdict classify(
      Throwable error, X509Certificate @Nullable [] chain, String where, Instant now) {
    String innermost = String.valueOf(error.getMessage());
    boolean pathFailure = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        innermost = t.getMessage();
      }
      String message = String.valueOf(t.getMessage());
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException
          || (t instanceof CertPathValidatorException v
              && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                  || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID))) {
        return new Verdict(FailureKind.TLS_EXPIRED, where + ": " + expiry(chain, now, message));
      }
      if (message.contains("No subject alternative")
          || message.contains("No name matching")
          || (t instanceof SSLPeerUnverifiedException && message.startsWith("Hostname "))) {
        return new Verdict(
            FailureKind.TLS_HOST_MISMATCH,
            where
                + ": the certificate does not name the host ("
                + message.lines().findFirst().orElse("").strip()
                + names(chain)
                + ")");
      }
      if (t instanceof java.security.cert.CertPathBuilderException
          || t instanceof CertPathValidatorException
          || message.contains("unable to find valid certification path")) {
        pathFailure = true;
      }
    }
    if (pathFailure) {
      if (chain != null && chain.length > 0 && selfSigned(chain[0])) {
        return new Verdict(
            FailureKind.TLS_SELF_SIGNED,
            where
                + ": the certificate "
                + chain[0].getSubjectX500Principal().getName()
                + " is self-signed and not trusted");
      }
      return new Verdict(
          FailureKind.TLS_UNTRUSTED,
          where
              + ": the chain does not lead to a trusted authority"
              + (chain != null && chain.length > 0
                  ? " (issuer " + chain[chain.length - 1].getIssuerX500Principal().getName() + ")"
                  : "")
              + ": "
              + innermost);
    }
    return new Verdict(FailureKind.TLS_HANDSHAKE, where + ": TLS handshake failed: " + innermost);
  }

  private static String names(X509Certificate @Nullable [] chain) {
    if (chain == null || chain.length == 0) {
      return "";
    }
    try {
      var names = chain[0].getSubjectAlternativeNames();
      return names == null
          ? "; it names " + chain[0].getSubjectX500Principal().getName()
          : "; it names "
              + names.stream()
                  .map(n -> String.valueOf(n.get(1)))
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("nothing");
    } catch (java.security.cert.CertificateParsingException e) {
      return "";
    }
  }

  private static String expiry(X509Certificate @Nullable [] chain, Instant now, String message) {
    if (chain != null) {
      for (X509Certificate c : chain) {
        if (c.getNotAfter().toInstant().isBefore(now)) {
          return String.format(
              Locale.ROOT,
              "the certificate %s expired on %s, %.1f days ago",
              c.getSubjectX500Principal().getName(),
              c.getNotAfter().toInstant(),
              -days(c, now));
        }
        if (c.getNotBefore().toInstant().isAfter(now)) {
          return "the certificate "
              + c.getSubjectX500Principal().getName()
              + " is not valid before "
              + c.getNotBefore().toInstant();
        }
      }
    }
    return "a certificate of the chain has expired or is not valid yet (" + message + ")";
  }

  /**
   * A failed TLS connection to {@code url}: the days of the chain the capture saw from it since
   * {@code start} written (when it saw one), and the failure's kind.
   */
  static ProbeResult failure(
      Throwable e,
      TlsTrust.Capture capture,
      URI url,
      String where,
      long start,
      Map<String, Object> fields) {
    int port = url.getPort() < 0 ? 443 : url.getPort();
    String host = String.valueOf(url.getHost());
    X509Certificate[] chain = capture.chainSeen(host, port, start);
    Instant now = Instant.now();
    if (chain != null) {
      writeDays(chain, now, fields);
    }
    Verdict verdict = classify(e, chain, where, now);
    return ProbeResult.failed(verdict.kind(), verdict.reason(), fields);
  }
}
