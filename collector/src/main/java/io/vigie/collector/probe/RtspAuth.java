package io.vigie.collector.probe;

import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The authentication of {@link RtspProber}: the credentials of a probe (its {@code basic_auth}, or
 * the URL's user information), and the Authorization answering a camera's 401, Basic or Digest.
 */
final class RtspAuth {
  private static final Pattern PARAM =
      Pattern.compile("([A-Za-z]+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]*))");

  /** User and password, or none. */
  record Credentials(String user, String password) {}

  private RtspAuth() {}

  /** The probe's {@code basic_auth}, or else the URL's user information; null when neither. */
  static @Nullable Credentials credentials(
      Probe probe, ProbeSpec.Rtsp spec, RtspProber.Passwords passwords) {
    ProbeSpec.BasicAuth auth = spec.basicAuth();
    if (auth != null) {
      String password = passwords.password(probe, auth);
      return password == null ? null : new Credentials(auth.user(), password);
    }
    String info = spec.url().getRawUserInfo();
    if (info == null || info.isEmpty()) {
      return null;
    }
    int colon = info.indexOf(':');
    String user = colon < 0 ? info : info.substring(0, colon);
    String password = colon < 0 ? "" : info.substring(colon + 1);
    return new Credentials(
        URLDecoder.decode(user, StandardCharsets.UTF_8),
        URLDecoder.decode(password, StandardCharsets.UTF_8));
  }

  /**
   * The Authorization for a 401's challenge: Basic when offered, else Digest (MD5, RFC 2069 style
   * as cameras use it, or with qop=auth), kept as "Digest realm nonce" until each request's method
   * and URL are known; null when neither is asked.
   */
  static @Nullable String authorization(
      SipRtspMessages.Response response, @Nullable Credentials credentials) {
    if (credentials == null) {
      return null;
    }
    String digest = null;
    for (String challenge : response.headers("www-authenticate")) {
      String scheme = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      if (scheme.equals("basic")) {
        String pair = credentials.user() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      }
      if (scheme.equals("digest") && digest == null) {
        digest = challenge.strip();
      }
    }
    return digest;
  }

  /**
   * The Digest Authorization of one request, from the challenge kept in {@code challenge}, for the
   * request of CSeq {@code cseq} to {@code url}.
   */
  static String digest(
      String challenge, String method, String url, int cseq, @Nullable Credentials credentials) {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge.substring("Digest ".length()));
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3);
      params.put(m.group(1).toLowerCase(Locale.ROOT), value == null ? "" : value);
    }
    if (credentials == null) {
      return challenge;
    }
    String realm = params.getOrDefault("realm", "");
    String nonce = params.getOrDefault("nonce", "");
    String ha1 = md5(credentials.user() + ":" + realm + ":" + credentials.password());
    String ha2 = md5(method + ":" + url);
    boolean qop =
        params.containsKey("qop")
            && java.util.Arrays.asList(params.get("qop").split(",", -1)).stream()
                .anyMatch(q -> q.strip().equals("auth"));
    StringBuilder header =
        new StringBuilder("Digest username=\"")
            .append(credentials.user())
            .append("\", realm=\"")
            .append(realm)
            .append("\", nonce=\"")
            .append(nonce)
            .append("\", uri=\"")
            .append(url)
            .append('"');
    if (qop) {
      String cnonce = md5(nonce + System.nanoTime()).substring(0, 16);
      String nc = String.format(Locale.ROOT, "%08x", cseq);
      header
          .append(", qop=auth, nc=")
          .append(nc)
          .append(", cnonce=\"")
          .append(cnonce)
          .append("\", response=\"")
          .append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2))
          .append('"');
    } else {
      header.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
    }
    if (params.containsKey("opaque")) {
      header.append(", opaque=\"").append(params.get("opaque")).append('"');
    }
    return header.toString();
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
