package io.vigie.alerting.notify;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Comparison;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Sample mails for {@code vigie test-email}: each template, with made-up but plausible changes. */
public final class Samples {
  private static final Cause DISK =
      new Cause.Threshold(
          "disk.used_percent", Map.of("mount", "/"), 93.5, 90, Comparison.ABOVE, Cause.Level.ERROR);
  private final Templates templates;
  private final MailContent content;

  public Samples(Templates templates, @Nullable String dashboardUrl, ZoneId zone) {
    this.templates = templates;
    this.content = new MailContent(dashboardUrl, zone);
  }

  public Templates.Rendered render(String kind, Client client, String target) {
    Instant now = Instant.now();
    Decision problem =
        new Decision(
            1,
            now,
            Decision.Kind.PROBLEM,
            client.id(),
            target,
            Status.ERROR,
            Status.RUN,
            "disk.used_percent{mount=/}",
            "disk.used_percent = 93.5, above error level 90",
            93.5,
            90.0,
            now.minusSeconds(600),
            "status changed",
            List.of(),
            DISK);
    Decision recovery =
        new Decision(
            2,
            now,
            Decision.Kind.RECOVERY,
            client.id(),
            target,
            Status.RUN,
            Status.ERROR,
            "",
            "",
            null,
            null,
            now,
            "status changed");
    Decision flapping =
        new Decision(
            3,
            now,
            Decision.Kind.FLAPPING_STARTED,
            client.id(),
            target,
            Status.ERROR,
            Status.RUN,
            "disk.used_percent{mount=/}",
            "6 status changes in 15 min",
            93.5,
            90.0,
            now.minusSeconds(60),
            "flapping started",
            List.of(),
            new Cause.Flapping(6, Duration.ofMinutes(15), DISK));
    Decision stable =
        new Decision(
            4,
            now,
            Decision.Kind.FLAPPING_ENDED,
            client.id(),
            target,
            Status.RUN,
            Status.RUN,
            "",
            "",
            null,
            null,
            now.minusSeconds(900),
            "flapping ended");
    List<Decision> decisions =
        switch (kind) {
          case "flapping" -> List.of(flapping);
          case "stable" -> List.of(stable);
          case "recovery" -> List.of(recovery);
          case "digest" -> List.of(problem, recovery);
          default -> List.of(problem);
        };
    return templates.render(
        kind,
        client.language(),
        content.model(client.name(), client.logo(), client.language(), decisions));
  }
}
