package io.vigie.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./vigie demo} as someone trying Vigie runs it, from the packaged jars: it prints the
 * console's URL and password, its private snmpd's device is RUN with its data in InfluxDB, the
 * target that fails on purpose is ERROR or DEAD and its mail lands as a file in the demo's
 * directory, and Ctrl-C (SIGINT) stops every process it started. Needs what {@code ./vigie test}
 * installs (influxdb, snmpd, python3-aiosmtpd).
 */
class DemoIT {
  private static final Path ROOT =
      Path.of(System.getProperty("vigie.deploy.dir", ".")).toAbsolutePath().normalize().getParent();
  private static final Pattern CONSOLE =
      Pattern.compile(
          "console +(http://127\\.0\\.0\\.1:\\d+/console/)\\n +user noc, password (\\w+) ");
  private static final Pattern INFLUX = Pattern.compile("InfluxDB +(http://127\\.0\\.0\\.1:\\d+) ");
  // The lines of the services' logs that say where a status or a mail stopped: warnings and
  // errors (Spring's format: the time, then the level), decisions, mails queued, the subscription.
  private static final Pattern RELEVANT =
      Pattern.compile(
          "^\\S+ +(WARN|ERROR) |decision \\d+:|mail\\(s\\) queued|reminder queued"
              + "|refuses the subscription|Started ");
  private static final Pattern ERROR = Pattern.compile("^\\S+ +ERROR ");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @TempDir Path dir;
  private Process demo;

  @AfterEach
  void stop() {
    if (demo != null && demo.isAlive()) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  @Test
  void theDemoShowsTheWholePipelineAndCtrlCStopsIt() throws Exception {
    for (String jar :
        List.of(
            "collector/target/vigie-collector-exec.jar",
            "alerting/target/vigie-alerting-exec.jar",
            "dashboards/target/vigie-dashboards-exec.jar")) {
      assertThat(ROOT.resolve(jar)).as("built before this module").exists();
    }
    Path log = dir.resolve("demo.log");
    Path data = dir.resolve("demo");
    // A process started from a background job inherits SIGINT ignored, and bash cannot trap a
    // signal ignored at its start: perl puts back the default, as a terminal's shell would.
    ProcessBuilder builder =
        new ProcessBuilder(
                "perl",
                "-e",
                "$SIG{INT} = 'DEFAULT'; exec @ARGV or die",
                ROOT.resolve("vigie").toString(),
                "demo")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("VIGIE_DEMO_DIR", data.toString());
    demo = builder.start();

    // Three JVMs start on a shared machine: the bounds are generous, the polls frequent.
    Matcher console =
        await("the demo's banner")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> find(CONSOLE, log), Optional::isPresent)
            .orElseThrow();
    String url = console.group(1);
    String password = console.group(2);
    assertThat(data.resolve("noc-password")).content().isEqualToIgnoringNewLines(password);
    String influx = find(INFLUX, log).orElseThrow().group(1);

    HttpResponse<String> login =
        until(
            data,
            await("the console's login page")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(java.net.ConnectException.class),
            () -> get(url, null),
            r -> r.statusCode() == 200);
    assertThat(login.uri().getPath()).isEqualTo("/console/login");
    assertThat(login.body()).contains("name=\"password\"");

    String statuses = url.replace("/console/", "/api/statuses");
    until(
        data,
        await("the snmpd device RUN and the failing target ERROR or DEAD")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1)),
        () -> JsonMapper.shared().readTree(get(statuses, password).body()),
        all ->
            status(all, "demo-snmpd").equals("RUN")
                && List.of("ERROR", "DEAD").contains(status(all, "acme-intranet")));
    String query =
        influx
            + "/query?db=vigie&q="
            + URLEncoder.encode(
                "SELECT last(sys_name) FROM system WHERE target='demo-snmpd'",
                StandardCharsets.UTF_8);
    assertThat(get(query, null).body()).contains("vigie-demo-snmpd");

    Path mails = data.resolve("mails");
    // One poll interval's hold and a 10 s grouping window after the status: well within this.
    String mail =
        until(
            data,
            await("a mail about acme-intranet in " + mails)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)),
            () -> mail(mails),
            m -> !m.isEmpty());
    assertThat(mail).contains("X-Envelope-To: ").contains("@acme.example");
    String alerting = Files.readString(data.resolve("alerting.log"));
    // The demo makes the database before the services start: the subscription is taken at once.
    assertThat(alerting)
        .as("the alerting service's log, relevant lines:%n%s", diagnosis(data))
        .doesNotContain("refuses the subscription")
        .doesNotContain("notification round failed");

    List<ProcessHandle> started = demo.descendants().toList();
    assertThat(started)
        .extracting(p -> p.info().commandLine().orElse(""))
        .anyMatch(c -> c.contains("snmpd"))
        .anyMatch(c -> c.contains("smtp-sink.py"))
        .anyMatch(c -> c.contains("influxd"))
        .anyMatch(c -> c.contains("vigie-alerting-exec.jar"));
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor())
        .isZero();
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stopped on SIGINT").isTrue();
    assertThat(demo.exitValue()).isEqualTo(130);
    assertThat(Files.readString(log)).contains("vigie: stopping");
    await("every process the demo started gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** The banner's match in the demo's output; fails at once when the demo stopped. */
  private Optional<Matcher> find(Pattern pattern, Path log) throws Exception {
    String output = Files.readString(log);
    assertThat(demo.isAlive()).as("the demo is running; its output:%n%s", output).isTrue();
    Matcher m = pattern.matcher(output);
    return m.find() ? Optional.of(m) : Optional.empty();
  }

  /**
   * Awaitility's until, whose timeout says what the demo's logs say: the decisions, the mails
   * queued, the warnings and errors (with the line after each, an exception's message).
   */
  private static <T> T until(
      Path data, ConditionFactory await, Callable<T> supplier, Predicate<T> matcher)
      throws Exception {
    try {
      return await.until(supplier, matcher::test);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; the demo's logs:\n" + diagnosis(data), e);
    }
  }

  /** The lines of the demo's logs that say where a status or a mail stopped. */
  static String diagnosis(Path data) {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("alerting.log", "collector.log", "smtp-sink.log")) {
      Path file = data.resolve(name);
      List<String> lines;
      try {
        lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        out.append("== ").append(name).append(": unreadable: ").append(e).append('\n');
        continue;
      }
      // Each line once, where it first came (its time kept), with how many times it came: a
      // failing round repeats every second and would hide the rest.
      Map<String, String> first = new LinkedHashMap<>();
      Map<String, Integer> times = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (name.equals("smtp-sink.log") || RELEVANT.matcher(line).find()) {
          List<String> these = new ArrayList<>(List.of(line));
          if (ERROR.matcher(line).find() && i + 2 < lines.size()) {
            these.add("    " + (lines.get(i + 1).isBlank() ? lines.get(i + 2) : lines.get(i + 1)));
          }
          for (String one : these) {
            String key = one.replaceFirst("^\\S+ +", "");
            first.putIfAbsent(key, one.length() > 300 ? one.substring(0, 300) + "..." : one);
            times.merge(key, 1, Integer::sum);
          }
        }
      }
      out.append("== ").append(name).append(" (").append(lines.size()).append(" lines)\n");
      List<String> shown =
          first.entrySet().stream()
              .map(
                  e ->
                      e.getValue()
                          + (times.getOrDefault(e.getKey(), 1) > 1
                              ? "  [x" + times.getOrDefault(e.getKey(), 1) + "]"
                              : ""))
              .toList();
      shown
          .subList(Math.max(0, shown.size() - 60), shown.size())
          .forEach(l -> out.append(l).append('\n'));
    }
    try (Stream<Path> files =
        Files.isDirectory(data.resolve("mails"))
            ? Files.list(data.resolve("mails"))
            : Stream.of()) {
      out.append("== mails: ").append(files.map(f -> f.getFileName().toString()).sorted().toList());
    } catch (java.io.IOException e) {
      out.append("== mails: unreadable: ").append(e);
    }
    return out.toString();
  }

  private static String status(JsonNode all, String target) {
    for (JsonNode one : all) {
      if (one.path("target").asString().equals(target)) {
        return one.path("status").asString();
      }
    }
    return "";
  }

  /** The first mail the sink wrote that is about acme-intranet, or "" before it arrives. */
  private static String mail(Path mails) throws Exception {
    if (!Files.isDirectory(mails)) {
      return "";
    }
    try (Stream<Path> files = Files.list(mails)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
        String text = Files.readString(file);
        if (text.contains("acme-intranet")) {
          return text;
        }
      }
    }
    return "";
  }

  private static HttpResponse<String> get(String url, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (password != null) {
      String basic = "noc:" + password;
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
