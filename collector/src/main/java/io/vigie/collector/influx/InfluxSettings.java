package io.vigie.collector.influx;

import io.vigie.model.inventory.Secret;
import java.time.Duration;

/**
 * Where and how to write.
 *
 * @param username null for an InfluxDB without authentication
 * @param retentionPolicy null or empty for the database's default
 * @param createDatabase whether to run CREATE DATABASE when it is missing (handy for the demo)
 */
public record InfluxSettings(
    String url,
    String database,
    String username,
    Secret password,
    String retentionPolicy,
    boolean gzip,
    boolean createDatabase,
    Duration timeout) {

  @Override
  public String toString() {
    return "InfluxSettings[url=" + url + ", database=" + database + ", username=" + username + "]";
  }
}
