package io.vigie.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates minted with the {@code openssl} 3.0 command for TLS tests: a root CA (the one tests
 * trust), an intermediate it signs, and server certificates in PEM, each as a chain file (leaf then
 * intermediate, as a server sends it) and a key file.
 *
 * <ul>
 *   <li>{@link Kind#VALID}: for {@code localhost} and 127.0.0.1, {@value #LEAF_DAYS} days, signed
 *       by the intermediate ({@value #INTERMEDIATE_DAYS} days);
 *   <li>{@link Kind#EXPIRED}: same names, expired {@value #EXPIRED_DAYS_AGO} days ago ({@code
 *       openssl ca -startdate -enddate}: {@code openssl x509 -req} on 3.0 cannot date a certificate
 *       in the past);
 *   <li>{@link Kind#WRONG_HOST}: valid and chained, but for {@code wrong.example} only;
 *   <li>{@link Kind#SELF_SIGNED}: {@code localhost}, signed by its own key;
 *   <li>{@link Kind#UNTRUSTED}: {@code localhost}, signed by another root the tests do not trust.
 * </ul>
 */
public final class TestCertificates {
  public static final int ROOT_DAYS = 3650;
  public static final int INTERMEDIATE_DAYS = 400;
  public static final int LEAF_DAYS = 90;
  public static final int EXPIRED_DAYS_AGO = 3;

  /** The server certificates. */
  public enum Kind {
    VALID,
    EXPIRED,
    WRONG_HOST,
    SELF_SIGNED,
    UNTRUSTED
  }

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** The root CA's certificate, PEM: what a client must trust. */
  public Path rootCa() {
    return dir.resolve("root.crt");
  }

  /** The certificates the server sends, leaf first, PEM. */
  public Path chain(Kind kind) {
    return dir.resolve(name(kind) + ".chain.crt");
  }

  public Path key(Kind kind) {
    return dir.resolve(name(kind) + ".key");
  }

  private static String name(Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Mints every certificate into {@code dir}. */
  public static TestCertificates mint(Path dir) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir);
    c.mintAll();
    return c;
  }

  private void mintAll() throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve("ca.ext"),
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    selfSigned("root", "/CN=Vigie Test Root CA", ROOT_DAYS, "CA:TRUE", null);
    selfSigned("other-root", "/CN=Vigie Untrusted Root CA", ROOT_DAYS, "CA:TRUE", null);
    request("intermediate", "/CN=Vigie Test Intermediate CA");
    openssl(
        "x509",
        "-req",
        "-in",
        "intermediate.csr",
        "-CA",
        "root.crt",
        "-CAkey",
        "root.key",
        "-set_serial",
        "2",
        "-days",
        String.valueOf(INTERMEDIATE_DAYS),
        "-extfile",
        "ca.ext",
        "-out",
        "intermediate.crt");
    leaf(Kind.VALID, "DNS:localhost,IP:127.0.0.1", "intermediate", 10);
    leaf(Kind.WRONG_HOST, "DNS:wrong.example", "intermediate", 11);
    leaf(Kind.UNTRUSTED, "DNS:localhost,IP:127.0.0.1", "other-root", 12);
    // Expired: openssl ca can set both dates; it needs its little database.
    Files.createDirectories(dir.resolve("newcerts"));
    Files.writeString(dir.resolve("index.txt"), "");
    Files.writeString(dir.resolve("serial"), "20\n");
    Files.writeString(
        dir.resolve("ca.cnf"),
        String.join(
            "\n",
            "[ca]",
            "default_ca = test",
            "[test]",
            "database = " + dir.resolve("index.txt"),
            "new_certs_dir = " + dir.resolve("newcerts"),
            "serial = " + dir.resolve("serial"),
            "default_md = sha256",
            "policy = any",
            "unique_subject = no",
            "[any]",
            "commonName = supplied",
            ""));
    String expired = name(Kind.EXPIRED);
    request(expired, "/CN=localhost");
    Files.writeString(dir.resolve(expired + ".ext"), leafExtensions("DNS:localhost,IP:127.0.0.1"));
    DateTimeFormatter asn1 =
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    Instant end = Instant.now().minus(EXPIRED_DAYS_AGO, ChronoUnit.DAYS);
    openssl(
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-cert",
        "intermediate.crt",
        "-keyfile",
        "intermediate.key",
        "-in",
        expired + ".csr",
        "-out",
        expired + ".crt",
        "-notext",
        "-startdate",
        asn1.format(end.minus(LEAF_DAYS, ChronoUnit.DAYS)),
        "-enddate",
        asn1.format(end),
        "-extfile",
        expired + ".ext");
    concat(expired + ".chain.crt", expired + ".crt", "intermediate.crt");
    String self = name(Kind.SELF_SIGNED);
    selfSigned(self, "/CN=localhost", LEAF_DAYS, "CA:FALSE", "DNS:localhost,IP:127.0.0.1");
    concat(self + ".chain.crt", self + ".crt");
  }

  private static String leafExtensions(String names) {
    return "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName="
        + names
        + "\n";
  }

  private void leaf(Kind kind, String names, String issuer, int serial)
      throws IOException, InterruptedException {
    String name = name(kind);
    request(name, "/CN=" + names.split(",")[0].substring(4));
    Files.writeString(dir.resolve(name + ".ext"), leafExtensions(names));
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        issuer + ".crt",
        "-CAkey",
        issuer + ".key",
        "-set_serial",
        String.valueOf(serial),
        "-days",
        String.valueOf(LEAF_DAYS),
        "-extfile",
        name + ".ext",
        "-out",
        name + ".crt");
    if ("intermediate".equals(issuer)) {
      concat(name + ".chain.crt", name + ".crt", "intermediate.crt");
    } else {
      concat(name + ".chain.crt", name + ".crt");
    }
  }

  private void request(String name, String subject) throws IOException, InterruptedException {
    openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        name + ".key",
        "-subj",
        subject,
        "-out",
        name + ".csr");
  }

  private void selfSigned(String name, String subject, int days, String ca, String names)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                name + ".key",
                "-subj",
                subject,
                "-days",
                String.valueOf(days),
                "-out",
                name + ".crt",
                "-addext",
                "basicConstraints=critical," + ca));
    if ("CA:TRUE".equals(ca)) {
      args.addAll(List.of("-addext", "keyUsage=critical,keyCertSign,cRLSign"));
    }
    if (names != null) {
      args.addAll(List.of("-addext", "subjectAltName=" + names));
    }
    openssl(args.toArray(new String[0]));
  }

  private void concat(String target, String... parts) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      out.append(Files.readString(dir.resolve(part)));
    }
    Files.writeString(dir.resolve(target), out.toString());
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
