package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The service as configured in production, from a breach in InfluxDB to a mail in the inbox. */
class MailEndToEndIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @TempDir Path dir;

  @Test
  void aBreachWrittenToInfluxDbReachesTheClientsInbox() throws Exception {
    INFLUX.createDatabase("vigie");
    GreenMail smtp = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", "smtp"));
    smtp.start();
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
        targets:
          - {id: web1, client: acme, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """);
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: val, password: \"%s\", roles: [viewer]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("viewer-password")));
    ConfigurableApplicationContext app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + FreePort.pick(),
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=200ms",
            "--vigie.alerting.mail.group-window=1s",
            "--vigie.alerting.mail.tick=200ms",
            "--vigie.alerting.mail.time-zone=Europe/Paris",
            "--vigie.smtp.host=127.0.0.1",
            "--vigie.smtp.port=" + smtp.getSmtp().getPort(),
            "--vigie.smtp.security=NONE",
            "--vigie.smtp.from=vigie@noc.test");
    try (InfluxDB influx = InfluxDBFactory.connect(INFLUX.url())) {
      // The collector's part: a poll of web1 every 500 ms, CPU beyond its error level.
      org.awaitility.Awaitility.await("the alert mail")
          .atMost(java.time.Duration.ofSeconds(20))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(
              () -> {
                long now = System.currentTimeMillis();
                String tags = ",client=acme,kind=local,target=web1";
                influx.write(
                    "vigie",
                    "autogen",
                    InfluxDB.ConsistencyLevel.ONE,
                    TimeUnit.MILLISECONDS,
                    List.of(
                        "poll,collector=c1" + tags + " up=1i,reason=\"\" " + now,
                        "cpu,cpu=total" + tags + " usage_percent=97 " + now));
                return smtp.getReceivedMessages().length > 0;
              });
      assertThat(smtp.getReceivedMessages()).as("one mail, not one per evaluation").hasSize(1);
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getSubject()).isEqualTo("[ERROR] web1: CPU usage at 97% (error above 95%)");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@acme.test");
    } finally {
      app.close();
      smtp.stop();
    }
  }
}
