package io.vigie.alerting.app;

import io.vigie.alerting.notify.MailSettings;
import io.vigie.alerting.notify.NotifySettings;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alerting service's settings ({@code vigie.*}), from application.yml and the environment
 * ({@code VIGIE_INFLUX_URL} sets {@code vigie.influx.url}). Inventory and InfluxDB settings are the
 * collector's own keys; the rest is under {@code vigie.alerting}. Documented in alerting/README.md.
 */
@ConfigurationProperties("vigie")
public record AlertingProperties(
    @DefaultValue("/etc/vigie/inventory.yml") Path inventory,
    @DefaultValue Influx influx,
    @DefaultValue Alerting alerting,
    @DefaultValue Smtp smtp,
    @DefaultValue("5s") Duration reloadInterval,
    @DefaultValue Console console,
    @DefaultValue Reports reports) {

  /**
   * The service-level reports' settings ({@code vigie.reports}).
   *
   * @param hour the hour of the 1st (in each client's zone) at which last month's report is mailed
   *     to the clients with a contract ({@code VIGIE_REPORTS_HOUR}, 0 to 23)
   */
  public record Reports(@DefaultValue("8") int hour) {}

  /**
   * The web console's settings ({@code vigie.console}).
   *
   * @param grafanaUrl Grafana's address as people's browsers reach it ({@code
   *     https://grafana.example}); a target's page links to its generated dashboard under it. Null
   *     or blank: no link
   */
  public record Console(@Nullable String grafanaUrl) {

    /** The address without a trailing slash, or null when none is set. */
    public @Nullable String grafana() {
      if (grafanaUrl == null || grafanaUrl.isBlank()) {
        return null;
      }
      String url = grafanaUrl.strip();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }

  /**
   * The plain settings of the pipeline ({@link io.vigie.alerting.Alerting}), resolved: secrets
   * read, defaults set.
   */
  public io.vigie.alerting.Alerting.Settings toSettings() {
    Evaluation evaluation = alerting.evaluation();
    return new io.vigie.alerting.Alerting.Settings(
        inventory,
        new io.vigie.alerting.Alerting.Influx(
            influx.url(), influx.database(), influx.username(), influx.secret(), influx.timeout()),
        alerting.dataDir(),
        new io.vigie.alerting.Alerting.Evaluation(
            evaluation.toSettings(),
            evaluation.interval(),
            evaluation.refresh(),
            evaluation.readOverlap(),
            evaluation.deadAfterIntervals(),
            evaluation.readParallelism(),
            evaluation.stream().toSettings(alerting.dataDir())),
        reloadInterval,
        smtp.host() == null || smtp.host().isBlank() ? null : smtp.toSettings(),
        alerting.mail().toSettings(),
        alerting.mail().templatesDir(),
        alerting.mail().tick(),
        reports.hour());
  }

  /** The SMTP server for alert mails; without a host no mail is sent. */
  public record Smtp(
      @Nullable String host,
      @DefaultValue("587") int port,
      @DefaultValue("STARTTLS") MailSettings.Security security,
      @Nullable String username,
      @Nullable String password,
      @Nullable Path passwordFile,
      @DefaultValue("vigie@localhost") String from,
      @DefaultValue("30s") Duration timeout) {

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", " + security + ", user=" + username + "]";
    }

    public MailSettings toSettings() {
      return new MailSettings(
          // Called only with a host: without one no mail is sent (see toSettings above).
          Objects.requireNonNull(host, "vigie.smtp.host: required for mail settings"),
          port,
          security,
          username == null || username.isBlank() ? null : username,
          io.vigie.model.inventory.SecretResolver.valueOrFile(
              password, passwordFile, "vigie.smtp.password-file"),
          from,
          timeout);
    }
  }

  /** How clients are told. */
  public record Notify(
      @DefaultValue("30s") Duration groupWindow,
      @DefaultValue("4h") Duration reminderEvery,
      @DefaultValue("24h") Duration retryFor,
      @DefaultValue("30s") Duration minBackoff,
      @DefaultValue("1h") Duration maxBackoff,
      @Nullable String nocAddress,
      @Nullable String dashboardUrl,
      @DefaultValue("UTC") String timeZone,
      @Nullable Path templatesDir,
      @DefaultValue("1s") Duration tick,
      @DefaultValue("1h") Duration maxAge,
      @DefaultValue("5m") Duration stuckAfter) {

    public NotifySettings toSettings() {
      return new NotifySettings(
          groupWindow,
          reminderEvery,
          retryFor,
          minBackoff,
          maxBackoff,
          nocAddress == null || nocAddress.isBlank() ? null : nocAddress,
          dashboardUrl,
          java.time.ZoneId.of(timeZone),
          maxAge,
          stuckAfter);
    }
  }

  /**
   * The service's own settings, under {@code vigie.alerting} so that one environment file can hold
   * the collector's and the alerting service's settings without clashing.
   */
  public record Alerting(
      @DefaultValue("/var/lib/vigie-alerting") Path dataDir,
      @DefaultValue("/etc/vigie/mdp.yml") Path usersFile,
      @DefaultValue Evaluation evaluation,
      @DefaultValue Notify mail) {}

  /**
   * Where to read polls and metrics and write statuses.
   *
   * @param url one InfluxDB URL, or several replicas' separated by commas (read from one, failing
   *     over to the next; written to all); the same database and credentials on each
   */
  public record Influx(
      @DefaultValue("http://127.0.0.1:8086") String url,
      @DefaultValue("vigie") String database,
      @Nullable String username,
      @Nullable String password,
      @Nullable Path passwordFile,
      @DefaultValue("30s") Duration timeout) {

    /** The password from {@code password} or {@code password-file}; required with a username. */
    @Nullable Secret secret() {
      Secret secret =
          SecretResolver.valueOrFile(password, passwordFile, "vigie.influx.password-file");
      if (secret == null && username != null && !username.isBlank()) {
        throw new IllegalArgumentException(
            "vigie.influx.username is set but neither VIGIE_INFLUX_PASSWORD nor"
                + " VIGIE_INFLUX_PASSWORD_FILE is");
      }
      return secret;
    }

    @Override
    public String toString() {
      return "Influx[url="
          + String.join(
              ",",
              io.vigie.alerting.influx.InfluxReplicas.split(url).stream()
                  .map(io.vigie.alerting.influx.InfluxReplicas::shown)
                  .toList())
          + ", database="
          + database
          + ", username="
          + username
          + "]";
    }
  }

  /**
   * Points taken as they are written, from an InfluxDB subscription ({@link
   * io.vigie.alerting.stream.StreamSettings}).
   */
  public record Stream(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("127.0.0.1:0") String address,
      @Nullable String url,
      @Nullable String instance,
      @DefaultValue("60s") Duration reconcileInterval,
      @DefaultValue("2000000") int maxQueuedPoints,
      @Nullable String adminUsername,
      @Nullable String adminPassword,
      @Nullable Path adminPasswordFile) {

    /** The settings, with the instance named after the host and data directory when not set. */
    public io.vigie.alerting.stream.StreamSettings toSettings(Path dataDir) {
      int colon = address.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "vigie.alerting.evaluation.stream.address: expected HOST:PORT, got '" + address + "'");
      }
      String host = address.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "vigie.alerting.evaluation.stream.address: the port is not a number in '"
                + address
                + "'",
            e);
      }
      return new io.vigie.alerting.stream.StreamSettings(
          enabled,
          new java.net.InetSocketAddress(host, port),
          url,
          instance == null || instance.isBlank() ? defaultInstance(dataDir) : instance,
          reconcileInterval,
          maxQueuedPoints,
          adminUsername == null || adminUsername.isBlank() ? null : adminUsername,
          SecretResolver.valueOrFile(
              adminPassword,
              adminPasswordFile,
              "vigie.alerting.evaluation.stream.admin-password-file"));
    }

    @Override
    public String toString() {
      return "Stream[enabled=" + enabled + ", address=" + address + ", url=" + url + "]";
    }

    /**
     * The host's name and a digest of the data directory: stable across restarts, different for two
     * services on one host.
     */
    static String defaultInstance(Path dataDir) {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "host";
      }
      String where = dataDir.toAbsolutePath().normalize().toString();
      return host + "_" + Integer.toHexString(where.hashCode());
    }
  }

  /** How and how often targets are judged. */
  public record Evaluation(
      @DefaultValue("10s") Duration interval,
      @DefaultValue("3") int deadAfterPolls,
      @DefaultValue("3") int deadAfterIntervals,
      @DefaultValue("15m") Duration flapWindow,
      @DefaultValue("6") int flapStart,
      @DefaultValue("2") int flapStop,
      @DefaultValue("60s") Duration memberSilentAfter,
      @DefaultValue("5m") Duration refresh,
      @DefaultValue("5s") Duration readOverlap,
      @DefaultValue("2") int readParallelism,
      @DefaultValue Stream stream) {

    public EngineSettings toSettings() {
      return new EngineSettings(
          deadAfterPolls, deadAfterIntervals, flapWindow, flapStart, flapStop, memberSilentAfter);
    }
  }
}
