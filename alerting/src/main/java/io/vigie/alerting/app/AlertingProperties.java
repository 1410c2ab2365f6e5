package io.vigie.alerting.app;

import io.vigie.alerting.status.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alerting service's settings ({@code vigie.*}), from application.yml and the environment
 * ({@code VIGIE_INFLUX_URL} sets {@code vigie.influx.url}). Documented in alerting/README.md.
 */
@ConfigurationProperties("vigie")
public record AlertingProperties(
    @DefaultValue("/etc/vigie/inventory.yml") Path inventory,
    @DefaultValue("/var/lib/vigie-alerting") Path dataDir,
    @DefaultValue("/etc/vigie/mdp.yml") Path usersFile,
    @DefaultValue Influx influx,
    @DefaultValue Evaluation evaluation,
    @DefaultValue("5s") Duration reloadInterval) {

  /** Where to read polls and metrics and write statuses. */
  public record Influx(
      @DefaultValue("http://127.0.0.1:8086") String url,
      @DefaultValue("vigie") String database,
      String username,
      String password,
      Path passwordFile,
      @DefaultValue("30s") Duration timeout) {

    @Override
    public String toString() {
      return "Influx[url=" + url + ", database=" + database + ", username=" + username + "]";
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
      @DefaultValue("5m") Duration refresh,
      @DefaultValue("5s") Duration readOverlap) {

    public EngineSettings toSettings() {
      return new EngineSettings(
          deadAfterPolls, deadAfterIntervals, flapWindow, flapStart, flapStop);
    }
  }
}
