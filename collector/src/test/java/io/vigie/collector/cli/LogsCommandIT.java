package io.vigie.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.testkit.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigie logs} against a real InfluxDB: recent lines oldest first, filtered by client, target
 * and severity; a line's escape sequence printed escaped, never sent to the terminal raw.
 */
class LogsCommandIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @Test
  void printsTheRecentLinesOfOneClientOldestFirstWithControlsEscaped() throws Exception {
    INFLUX.createDatabase("cli");
    INFLUX.query("cli", "CREATE RETENTION POLICY logs ON cli DURATION 1h REPLICATION 1");
    long now = Instant.now().toEpochMilli() * 1_000_000L;
    write(
        "syslog,client=acme,target=web-1,severity=err,hostname=web-1,appname=sshd"
            + " message=\"first\u001b[2J line\",severity_code=3i "
            + (now - 2_000_000_000L),
        "syslog,client=acme,target=web-1,severity=info,hostname=web-1,appname=cron"
            + " message=\"second\",severity_code=6i "
            + (now - 1_000_000_000L),
        "syslog,client=globex,target=db-1,severity=err,hostname=db-1,appname=pg"
            + " message=\"not acme's\",severity_code=3i "
            + now);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              VigieCli.execute(
                  "logs", "--influx-url", INFLUX.url(), "--database", "cli", "--client", "acme"))
          .isZero();
      String all = out.toString(StandardCharsets.UTF_8);
      assertThat(all.lines().toList())
          .hasSize(2)
          .satisfiesExactly(
              first ->
                  assertThat(first)
                      .contains(" acme/web-1 err web-1 sshd: first\\u001B[2J line")
                      .doesNotContain("\u001b"),
              second -> assertThat(second).endsWith(" acme/web-1 info web-1 cron: second"));
      out.reset();
      assertThat(
              VigieCli.execute(
                  "logs", "--influx-url", INFLUX.url(), "--database", "cli", "--severity", "err"))
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
          .hasSize(2)
          .noneMatch(l -> l.contains("second"));
    } finally {
      System.setOut(old);
    }
  }

  private static void write(String... lines) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(INFLUX.url() + "/write?db=cli&rp=logs&precision=ns"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
            .build();
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }
}
