package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.Alerting;
import io.vigie.alerting.app.AlertingApplication;
import io.vigie.alerting.status.Decision;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A decision is mailed when its grouping window ends, not at the notifier's next tick: with the
 * default tick (1 s) and a window of 1 s, each of three problems is in the inbox within the window
 * and 200 ms of its decision. Waiting for the tick after the window gave anything up to 2 s.
 */
class MailPromptIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static final Duration SLACK = Duration.ofMillis(200);
  private static final List<String> TARGETS = List.of("web1", "web2", "web3");

  @TempDir Path dir;

  @Test
  void eachProblemIsMailedAsItsGroupingWindowEnds() throws Exception {
    INFLUX.createDatabase("vigie");
    // When each subject arrived, stamped at the end of DATA as the mail benchmark does.
    Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    GreenMail smtp = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", "smtp"));
    MessageDeliveryHandler store = smtp.getUserManager().getMessageDeliveryHandler();
    smtp.getUserManager()
        .setMessageDeliveryHandler(
            (message, address) -> {
              arrivals.putIfAbsent(message.getMessage().getSubject(), Instant.now());
              return store.handle(message, address);
            });
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
          - {id: web2, client: acme, kind: local}
          - {id: web3, client: acme, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """);
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: val, password: \"%s\", roles: [viewer]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("viewer-password")));
    // The collector's part, from before the service starts (no target is ever without data): a
    // poll of each target every 500 ms, CPU at 10 until the target is breached, then at 97.
    Set<String> breached = ConcurrentHashMap.newKeySet();
    InfluxDB influx = InfluxDBFactory.connect(INFLUX.url());
    ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
    ScheduledFuture<?> polls =
        collector.scheduleAtFixedRate(
            () -> {
              long now = System.currentTimeMillis();
              List<String> lines = new ArrayList<>();
              for (String t : TARGETS) {
                String tags = ",client=acme,kind=local,target=" + t;
                lines.add("poll,collector=c1" + tags + " up=1i,reason=\"\" " + now);
                lines.add(
                    "cpu,cpu=total"
                        + tags
                        + " usage_percent="
                        + (breached.contains(t) ? 97 : 10)
                        + " "
                        + now);
              }
              influx.write(
                  "vigie", "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
            },
            0,
            500,
            TimeUnit.MILLISECONDS);
    // Default evaluation and notifier settings (stream on, tick 1 s): only the window is set.
    ConfigurableApplicationContext app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + FreePort.pick(),
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.mail.group-window=" + WINDOW.toMillis() + "ms",
            "--vigie.smtp.host=127.0.0.1",
            "--vigie.smtp.port=" + smtp.getSmtp().getPort(),
            "--vigie.smtp.security=NONE",
            "--vigie.smtp.from=vigie@noc.test");
    try {
      Alerting alerting = app.getBean(Alerting.class);
      for (String target : TARGETS) {
        // One at a time: each problem is a mail of its own, with its own subject.
        String subject = "[ERROR] " + target + ": CPU usage at 97% (error above 95%)";
        breached.add(target);
        Awaitility.await("the alert mail of " + target)
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> arrivals.containsKey(subject));
        Decision decision =
            alerting.service().decisionsAfter(0, 100).stream()
                .filter(d -> target.equals(d.target()) && d.kind() == Decision.Kind.PROBLEM)
                .findFirst()
                .orElseThrow();
        assertThat(Duration.between(decision.time(), arrivals.get(subject)))
            .as("from %s's decision to its mail", target)
            .isLessThanOrEqualTo(WINDOW.plus(SLACK));
      }
    } finally {
      app.close();
      polls.cancel(false);
      collector.shutdown();
      influx.close();
      smtp.stop();
    }
  }
}
