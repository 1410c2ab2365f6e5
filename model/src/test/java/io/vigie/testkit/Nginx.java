package io.vigie.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nginx (Debian's {@code nginx}, with {@code libnginx-mod-http-echo} for {@code /slow}) as a
 * child process, in the foreground, with its prefix, pid, logs and temp paths in a temp directory:
 * one plain HTTP server and one HTTPS server per {@link TestCertificates.Kind}, on free loopback
 * ports, each with the same locations:
 *
 * <ul>
 *   <li>{@code /ok}: 200, body {@link #OK_BODY};
 *   <li>{@code /error}: 500;
 *   <li>{@code /redirect}: 301 to {@code /ok};
 *   <li>{@code /slow}: answers after {@value #SLOW_SECONDS} s (echo module's {@code echo_sleep});
 *   <li>{@code /private}: basic auth, user {@link #USER} and password {@link #PASSWORD} (htpasswd
 *       made with {@code openssl passwd -apr1}), body {@link #PRIVATE_BODY}.
 * </ul>
 */
public final class Nginx implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String OK_BODY = "vigie ok: all systems nominal\n";
  public static final String PRIVATE_BODY = "vigie private area\n";
  public static final String USER = "noc";
  public static final String PASSWORD = "s3cret-pass";
  public static final int SLOW_SECONDS = 30;
  private static final Path BINARY = Path.of("/usr/sbin/nginx");
  private static final Path ECHO = Path.of("/usr/lib/nginx/modules/ngx_http_echo_module.so");
  private static final String INSTALL_HINT =
      "nginx not found: install it with `apt-get install nginx-light libnginx-mod-http-echo`"
          + " (or nginx)";

  private Path dir;
  private TestCertificates certificates;
  private int httpPort;
  private final Map<TestCertificates.Kind, Integer> httpsPorts =
      new EnumMap<>(TestCertificates.Kind.class);
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** A started nginx, for use outside JUnit; {@link #close()} stops it. */
  public static Nginx launch() throws Exception {
    Nginx nginx = new Nginx();
    nginx.start();
    return nginx;
  }

  private void start() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(INSTALL_HINT);
    }
    dir = Files.createTempDirectory("vigie-nginx-");
    Path certs = Files.createDirectories(dir.resolve("certs"));
    certificates = TestCertificates.mint(certs);
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("tmp"));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("private.txt"), PRIVATE_BODY);
    Files.writeString(dir.resolve("htpasswd"), USER + ":" + apr1(PASSWORD) + "\n");
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      String failure = startOnce();
      if (failure == null) {
        return;
      }
      failures.add(failure);
    }
    throw new IllegalStateException("nginx did not start: " + failures);
  }

  private String startOnce() throws IOException {
    httpPort = FreePort.pick();
    for (TestCertificates.Kind kind : TestCertificates.Kind.values()) {
      httpsPorts.put(kind, FreePort.pick());
    }
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config());
    Files.deleteIfExists(dir.resolve("logs/error.log"));
    process =
        new ProcessBuilder(
                BINARY.toString(), "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/stdout.log").toFile())
            .start();
    Process started = process;
    try {
      Awaitility.await("nginx answering on " + httpPort)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .failFast("nginx exited", () -> !started.isAlive())
          .until(this::answers);
      return null;
    } catch (org.awaitility.core.ConditionTimeoutException
        | org.awaitility.core.TerminalFailureException e) {
      started.destroyForcibly();
      return e.getMessage() + ": " + logs();
    }
  }

  private String logs() throws IOException {
    StringBuilder logs = new StringBuilder();
    for (String name : List.of("logs/error.log", "logs/stdout.log")) {
      Path log = dir.resolve(name);
      if (Files.exists(log)) {
        logs.append(name).append(": ").append(Files.readString(log).strip()).append("; ");
      }
    }
    return logs.toString();
  }

  private boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) url("/ok").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private String config() {
    String locations =
        String.join(
            "\n",
            "    location = /ok { return 200 \"" + OK_BODY.replace("\n", "\\n") + "\"; }",
            "    location = /error { return 500 \"internal error\\n\"; }",
            "    location = /redirect { return 301 /ok; }",
            Files.exists(ECHO)
                ? "    location = /slow { echo_sleep " + SLOW_SECONDS + "; echo late; }"
                : "",
            "    location = /private {",
            "      auth_basic \"vigie\";",
            "      auth_basic_user_file " + dir.resolve("htpasswd") + ";",
            "      alias " + dir.resolve("www/private.txt") + ";",
            "    }");
    StringBuilder servers = new StringBuilder();
    servers
        .append("  server {\n    listen 127.0.0.1:")
        .append(httpPort)
        .append(";\n    server_name localhost;\n")
        .append(locations)
        .append("\n  }\n");
    for (TestCertificates.Kind kind : TestCertificates.Kind.values()) {
      servers
          .append("  server {\n    listen 127.0.0.1:")
          .append(httpsPorts.get(kind))
          .append(" ssl;\n    server_name localhost;\n    ssl_certificate ")
          .append(certificates.chain(kind))
          .append(";\n    ssl_certificate_key ")
          .append(certificates.key(kind))
          .append(";\n")
          .append(locations)
          .append("\n  }\n");
    }
    String tmp = dir.resolve("tmp").toString();
    return String.join(
        "\n",
        Files.exists(ECHO) ? "load_module " + ECHO + ";" : "",
        "root".equals(System.getProperty("user.name")) ? "user root;" : "",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("logs/error.log") + " warn;",
        "events { worker_connections 512; }",
        "http {",
        "  access_log off;",
        "  default_type text/plain;",
        "  client_body_temp_path " + tmp + "/body;",
        "  proxy_temp_path " + tmp + "/proxy;",
        "  fastcgi_temp_path " + tmp + "/fastcgi;",
        "  uwsgi_temp_path " + tmp + "/uwsgi;",
        "  scgi_temp_path " + tmp + "/scgi;",
        servers.toString(),
        "}",
        "");
  }

  private static String apr1(String password) throws IOException {
    try {
      Process p = new ProcessBuilder("openssl", "passwd", "-apr1", password).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        throw new IOException("openssl passwd -apr1 failed");
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public int httpsPort(TestCertificates.Kind kind) {
    return httpsPorts.get(kind);
  }

  /** {@code http://localhost:PORT/path} on the plain server. */
  public URI url(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  /** {@code https://localhost:PORT/path} on the server with the {@code kind} certificate. */
  public URI httpsUrl(TestCertificates.Kind kind, String path) {
    return URI.create("https://localhost:" + httpsPort(kind) + path);
  }

  /** Whether {@code /slow} exists (the echo module is installed). */
  public boolean hasSlow() {
    return Files.exists(ECHO);
  }

  public TestCertificates certificates() {
    return certificates;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
