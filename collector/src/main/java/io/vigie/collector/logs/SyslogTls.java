package io.vigie.collector.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS side of the syslog receiver (RFC 5425): the server's certificate chain and key from PEM
 * files, as an operator has them from its CA or from certbot, and optionally the authorities whose
 * client certificates are accepted.
 */
public final class SyslogTls {
  private SyslogTls() {}

  /**
   * A server context.
   *
   * @param chain the server's certificate, then its intermediates, PEM
   * @param key its private key, PEM PKCS#8 ({@code BEGIN PRIVATE KEY}: what OpenSSL 3 writes)
   * @param clientCa the authorities of accepted client certificates, PEM, or null (no client
   *     certificate asked for)
   */
  public static SSLContext context(Path chain, Path key, @Nullable Path clientCa)
      throws IOException, GeneralSecurityException {
    List<Certificate> certificates = certificates(chain);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] none = new char[0];
    store.setKeyEntry("syslog", privateKey(key), none, certificates.toArray(new Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, none);
    TrustManagerFactory trust = null;
    if (clientCa != null) {
      KeyStore cas = KeyStore.getInstance("PKCS12");
      cas.load(null, null);
      int n = 0;
      for (Certificate ca : certificates(clientCa)) {
        cas.setCertificateEntry("ca-" + n++, ca);
      }
      trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(cas);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
    return context;
  }

  private static List<Certificate> certificates(Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<Certificate> list =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (list.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + pem);
      }
      return list;
    }
  }

  private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException(
          pem
              + ": not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
              + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // the next algorithm
      }
    }
    throw new GeneralSecurityException(pem + ": a key of none of EC, RSA, Ed25519");
  }
}
