package io.vigie.alerting.cli;

import io.vigie.alerting.notify.MailSettings;
import io.vigie.alerting.notify.Mailer;
import io.vigie.alerting.notify.Samples;
import io.vigie.alerting.notify.Templates;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie test-email --client ID}: one mail of each template, in the client's language, to
 * each of its contacts, through the SMTP server the service uses (VIGIE_SMTP_* variables).
 */
@Command(
    name = "test-email",
    mixinStandardHelpOptions = true,
    description = {
      "Sends a sample of each mail template (problem, recovery, reminder, digest) to a client's"
          + " contacts, in the client's language, through the configured SMTP server.",
      "SMTP settings come from VIGIE_SMTP_HOST, VIGIE_SMTP_PORT, VIGIE_SMTP_SECURITY,"
          + " VIGIE_SMTP_USERNAME, VIGIE_SMTP_PASSWORD(_FILE), VIGIE_SMTP_FROM; options override."
    })
final class TestEmail implements Callable<Integer> {
  private final Map<String, String> env = System.getenv();

  // A required option: picocli sets it before call().
  @SuppressWarnings("NullAway.Init")
  @Option(names = "--client", required = true, description = "client id in the inventory")
  String client;

  @Option(names = "--inventory", description = "inventory file (VIGIE_INVENTORY)")
  @Nullable Path inventory;

  @Option(names = "--smtp-host", description = "(VIGIE_SMTP_HOST)")
  @Nullable String host;

  @Option(names = "--smtp-port", description = "(VIGIE_SMTP_PORT, default 587)")
  @Nullable Integer port;

  @Option(names = "--smtp-security", description = "STARTTLS, TLS or NONE (VIGIE_SMTP_SECURITY)")
  MailSettings.@Nullable Security security;

  @Option(names = "--from", description = "sender address (VIGIE_SMTP_FROM)")
  @Nullable String from;

  @Option(
      names = "--templates",
      description = "override directory (VIGIE_ALERTING_MAIL_TEMPLATES_DIR)")
  @Nullable Path templates;

  @Override
  public Integer call() throws Exception {
    Path file =
        inventory != null
            ? inventory
            : Path.of(env.getOrDefault("VIGIE_INVENTORY", "/etc/vigie/inventory.yml"));
    Inventory inv;
    try {
      inv = InventoryLoader.withSystemSecrets().load(file);
    } catch (InventoryException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    Client c = inv.client(client).orElse(null);
    if (c == null) {
      System.err.println("--client: no client \"" + client + "\" in " + file);
      return 1;
    }
    if (c.contacts().isEmpty()) {
      System.err.println("client " + client + " has no contacts in " + file);
      return 1;
    }
    String smtpHost = host != null ? host : env.get("VIGIE_SMTP_HOST");
    if (smtpHost == null || smtpHost.isBlank()) {
      System.err.println("no SMTP host: set VIGIE_SMTP_HOST or --smtp-host");
      return 1;
    }
    String user = env.get("VIGIE_SMTP_USERNAME");
    MailSettings settings =
        new MailSettings(
            smtpHost,
            port != null ? port : Integer.parseInt(env.getOrDefault("VIGIE_SMTP_PORT", "587")),
            security != null
                ? security
                : MailSettings.Security.valueOf(
                    env.getOrDefault("VIGIE_SMTP_SECURITY", "STARTTLS")),
            user == null || user.isBlank() ? null : user,
            SecretResolver.valueOrFile(
                env.get("VIGIE_SMTP_PASSWORD"),
                env.get("VIGIE_SMTP_PASSWORD_FILE") == null
                    ? null
                    : Path.of(env.get("VIGIE_SMTP_PASSWORD_FILE")),
                "VIGIE_SMTP_PASSWORD_FILE"),
            from != null ? from : env.getOrDefault("VIGIE_SMTP_FROM", "vigie@localhost"),
            Duration.ofSeconds(30));
    Path dir =
        templates != null
            ? templates
            : env.get("VIGIE_ALERTING_MAIL_TEMPLATES_DIR") == null
                ? null
                : Path.of(env.get("VIGIE_ALERTING_MAIL_TEMPLATES_DIR"));
    String target =
        inv.targets().stream()
            .filter(t -> t.client().equals(client))
            .map(t -> t.id())
            .findFirst()
            .orElse("example-target");
    List<Mailer.Outgoing> mails = new ArrayList<>();
    Samples samples =
        new Samples(
            new Templates(dir), env.get("VIGIE_ALERTING_MAIL_DASHBOARD_URL"), ZoneId.of("UTC"));
    for (String kind : Templates.KINDS) {
      Templates.Rendered mail = samples.render(kind, c, target);
      for (String contact : c.contacts()) {
        mails.add(
            new Mailer.Outgoing(
                "test-" + kind + "-" + System.nanoTime(),
                contact,
                "[TEST] " + mail.subject(),
                mail.text(),
                mail.html()));
      }
    }
    int failed = 0;
    for (Mailer.Result r : new Mailer(settings).send(mails)) {
      System.out.println(
          r.mail().to()
              + "  "
              + r.mail().subject()
              + "  "
              + r.outcome()
              + (r.detail().isEmpty() ? "" : "  " + r.detail()));
      if (r.outcome() != Mailer.Outcome.SENT) {
        failed++;
      }
    }
    return failed == 0 ? 0 : 2;
  }
}
