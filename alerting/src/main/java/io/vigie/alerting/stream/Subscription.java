package io.vigie.alerting.stream;

import java.util.List;
import java.util.Locale;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's InfluxDB subscription: {@code CREATE SUBSCRIPTION} on the database's default
 * retention policy (where the collectors write what the engine judges), sending every write to the
 * {@link Receiver}. Its name is stable per instance, so a start replaces the one a crash left
 * behind rather than adding another; a stop removes it.
 */
public final class Subscription implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private final InfluxDB influx;
  private final String database;
  private final String name;
  private final String retentionPolicy;
  private boolean dropped;

  private Subscription(InfluxDB influx, String database, String name, String retentionPolicy) {
    this.influx = influx;
    this.database = database;
    this.name = name;
    this.retentionPolicy = retentionPolicy;
  }

  /**
   * Creates the subscription, replacing one of the same name.
   *
   * @param instance names this service among others subscribed to the same database
   * @param destination the URL InfluxDB posts to, e.g. {@code http://127.0.0.1:9274}
   * @throws IllegalStateException when InfluxDB refuses (a 2.x without subscriptions, a user
   *     without the admin right)
   */
  public static Subscription create(
      InfluxDB influx, String database, String instance, String destination) {
    String name = name(instance);
    String rp = defaultRetentionPolicy(influx, database);
    Subscription subscription = new Subscription(influx, database, name, rp);
    if (subscription.exists()) {
      LOG.info("replacing the subscription {} left by an earlier run", name);
      subscription.drop();
    }
    run(
        influx,
        "CREATE SUBSCRIPTION "
            + quote(name)
            + " ON "
            + quote(database)
            + "."
            + quote(rp)
            + " DESTINATIONS ALL '"
            + destination.replace("\\", "\\\\").replace("'", "\\'")
            + "'");
    subscription.dropped = false;
    // Checked, not trusted: InfluxDB's answer in MessagePack loses a statement's error (a database
    // not made yet says nothing), and a subscription that is not listed does not exist.
    if (!subscription.exists()) {
      throw new IllegalStateException(
          "InfluxDB did not keep the subscription on "
              + database
              + "."
              + rp
              + " (no such database?)");
    }
    LOG.info("InfluxDB sends the writes of {}.{} to {} ({})", database, rp, destination, name);
    return subscription;
  }

  /** The subscription's name for an instance: {@code vigie_alerting_} and the instance, safe. */
  public static String name(String instance) {
    String safe = instance.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return "vigie_alerting_" + safe;
  }

  public String name() {
    return name;
  }

  /** Whether InfluxDB lists it (a test's and an operator's check). */
  public boolean exists() {
    return names(influx, database).contains(name);
  }

  /** The subscriptions InfluxDB has on a database. */
  public static List<String> names(InfluxDB influx, String database) {
    QueryResult result = influx.query(new Query("SHOW SUBSCRIPTIONS"));
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        if (!database.equals(series.getName())) {
          continue;
        }
        int column = series.getColumns().indexOf("name");
        for (List<Object> row : series.getValues()) {
          names.add(String.valueOf(row.get(column)));
        }
      }
    }
    return names;
  }

  private static String defaultRetentionPolicy(InfluxDB influx, String database) {
    QueryResult result = influx.query(new Query("SHOW RETENTION POLICIES ON " + quote(database)));
    QueryResult.Result r = result.getResults().get(0);
    if (r.hasError()) {
      throw new IllegalStateException(r.getError());
    }
    if (r.getSeries() != null) {
      for (QueryResult.Series series : r.getSeries()) {
        int name = series.getColumns().indexOf("name");
        int isDefault = series.getColumns().indexOf("default");
        for (List<Object> row : series.getValues()) {
          if (Boolean.TRUE.equals(row.get(isDefault))) {
            return String.valueOf(row.get(name));
          }
        }
      }
    }
    return "autogen";
  }

  private void drop() {
    run(
        influx,
        "DROP SUBSCRIPTION "
            + quote(name)
            + " ON "
            + quote(database)
            + "."
            + quote(retentionPolicy));
    dropped = true;
  }

  /** Removes the subscription; InfluxDB unreachable then leaves it, for the next start. */
  @Override
  public void close() {
    if (dropped) {
      return;
    }
    try {
      drop();
    } catch (RuntimeException e) {
      LOG.warn(
          "the subscription {} could not be removed ({}); the next start replaces it",
          name,
          String.valueOf(e.getMessage()));
    }
  }

  private static void run(InfluxDB influx, String statement) {
    QueryResult result = influx.query(new Query(statement));
    @Nullable String error = result.getError();
    if (error == null && result.getResults() != null) {
      for (QueryResult.Result r : result.getResults()) {
        if (r.hasError()) {
          error = r.getError();
        }
      }
    }
    if (error != null) {
      throw new IllegalStateException(statement + ": " + error);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
