package io.vigie.collector.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The trust of the https probes: the JVM's default authorities plus, optionally, those of an extra
 * trust store ({@code vigie.probes.trust-store}: a PEM file of CA certificates, or a PKCS12/JKS
 * keystore without a password), and a trust-all variant for {@code verify: false}. Both remember
 * the chain each server sent, verified or not, so that a probe whose handshake failed still writes
 * the certificate's days.
 */
final class TlsTrust {
  private TlsTrust() {}

  /** The JVM's default trust plus the certificates of {@code extra}, when given. */
  static X509ExtendedTrustManager verifying(@Nullable Path extra)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory defaults =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    if (extra == null) {
      return x509(defaults.getTrustManagers());
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int n = 0;
    for (X509Certificate ca : x509(defaults.getTrustManagers()).getAcceptedIssuers()) {
      store.setCertificateEntry("jvm-" + n++, ca);
    }
    n = 0;
    for (Certificate ca : load(extra)) {
      store.setCertificateEntry("extra-" + n++, ca);
    }
    TrustManagerFactory merged =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    merged.init(store);
    return x509(merged.getTrustManagers());
  }

  private static List<Certificate> load(Path path) throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(path);
    if (new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.US_ASCII)
        .contains("-----BEGIN")) {
      try (InputStream in = Files.newInputStream(path)) {
        List<Certificate> certificates =
            new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        if (certificates.isEmpty()) {
          throw new CertificateException("no certificate in " + path);
        }
        return certificates;
      }
    }
    KeyStore store = KeyStore.getInstance(path.toFile(), new char[0]);
    List<Certificate> certificates = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      Certificate certificate = store.getCertificate(alias);
      if (certificate != null) {
        certificates.add(certificate);
      }
    }
    return certificates;
  }

  private static X509ExtendedTrustManager x509(TrustManager[] managers) {
    for (TrustManager manager : managers) {
      if (manager instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509ExtendedTrustManager in the JVM");
  }

  static SSLContext context(TrustManager manager) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {manager}, null);
    return context;
  }

  /**
   * A trust manager that notes the chain each server sends, then asks its delegate (null: trusts
   * every chain and every host name, for {@code verify: false}). The chain is kept by host and
   * port, with the time it was seen: a probe reads back the one seen since it started.
   */
  static final class Capture extends X509ExtendedTrustManager {
    private record Seen(List<X509Certificate> chain, long nanos) {}

    private final @Nullable X509ExtendedTrustManager delegate;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    Capture(@Nullable X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    static String key(String host, int port) {
      return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The chain {@code host:port} sent since {@code sinceNanos}, or null. */
    X509Certificate @Nullable [] chainSeen(String host, int port, long sinceNanos) {
      Seen s = seen.get(key(host, port));
      return s == null || s.nanos() - sinceNanos < 0
          ? null
          : s.chain().toArray(new X509Certificate[0]);
    }

    private void note(@Nullable String host, int port, X509Certificate[] chain) {
      if (host != null && chain.length > 0) {
        seen.put(key(host, port), new Seen(List.of(chain), System.nanoTime()));
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      note(engine.getPeerHost(), engine.getPeerPort(), chain);
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, engine);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      // The host the client asked for (OkHttp names it when it makes the TLS socket), not the
      // address's host name, which may cost a reverse lookup.
      if (socket instanceof SSLSocket tls && tls.getHandshakeSession() != null) {
        note(
            tls.getHandshakeSession().getPeerHost(),
            tls.getHandshakeSession().getPeerPort(),
            chain);
      } else if (socket.getInetAddress() != null) {
        note(socket.getInetAddress().getHostAddress(), socket.getPort(), chain);
      }
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType, socket);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (delegate != null) {
        delegate.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a probe is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a probe is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a probe is never a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
  }
}
