package io.vigie.collector.influx;

import io.vigie.model.inventory.Secret;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to write.
 *
 * @param username null for an InfluxDB without authentication
 * @param password given with a username, null without one
 * @param retentionPolicy null or empty for the database's default
 * @param createDatabase whether to run CREATE DATABASE when it is missing (handy for the demo)
 */
public record InfluxSettings(
    String url,
    String database,
    @Nullable String username,
    @Nullable Secret password,
    @Nullable String retentionPolicy,
    boolean gzip,
    boolean createDatabase,
    Duration timeout) {

  @Override
  public String toString() {
    return "InfluxSettings[url=" + url + ", database=" + database + ", username=" + username + "]";
  }
}
