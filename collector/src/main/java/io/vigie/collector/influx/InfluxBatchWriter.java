package io.vigie.collector.influx;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;

/**
 * Writes batches over InfluxDB's v1 HTTP API with influxdb-java, which InfluxDB 1.x serves and 2.x
 * and 3.x serve for compatibility.
 *
 * <p>influxdb-java reports errors by their message only, so an OkHttp interceptor keeps the HTTP
 * status of the last response: it decides between "retry later" (5xx, network) and "these points
 * are bad" (other 4xx), which must never be confused: the first keeps data, the second sets it
 * aside.
 */
public final class InfluxBatchWriter implements BatchWriter {
  private final InfluxSettings settings;
  private final TimeUnit precision;
  private final InfluxDB influx;
  private final ThreadLocal<Integer> lastStatus = new ThreadLocal<>();

  /** A writer of lines with millisecond timestamps (metrics, polls, probes). */
  public InfluxBatchWriter(InfluxSettings settings) {
    this(settings, TimeUnit.MILLISECONDS);
  }

  /**
   * A writer of lines with timestamps in {@code precision}: logs are written in nanoseconds, each
   * line a time of its own (see {@code SyslogPoints}).
   */
  public InfluxBatchWriter(InfluxSettings settings, TimeUnit precision) {
    this.settings = settings;
    this.precision = precision;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false);
    if (settings.gzip()) {
      // Only writes carry a body worth compressing; queries go through unchanged.
      http.addInterceptor(
          chain ->
              chain.request().url().encodedPath().endsWith("/write")
                  ? new FastGzip().intercept(chain)
                  : chain.proceed(chain.request()));
    }
    http.addInterceptor(
        chain -> {
          okhttp3.Response response = chain.proceed(chain.request());
          lastStatus.set(response.code());
          return response;
        });
    this.influx =
        settings.username() == null || settings.username().isEmpty()
            ? InfluxDBFactory.connect(settings.url(), http)
            : InfluxDBFactory.connect(
                settings.url(),
                settings.username(),
                Objects.requireNonNull(settings.password(), "a username comes with a password")
                    .reveal(),
                http);
  }

  @Override
  public WriteOutcome write(List<String> records) {
    lastStatus.remove();
    try {
      influx.write(
          settings.database(),
          settings.retentionPolicy() == null ? "" : settings.retentionPolicy(),
          InfluxDB.ConsistencyLevel.ONE,
          precision,
          records);
      return WriteOutcome.OK;
    } catch (InfluxDBIOException e) {
      return new WriteOutcome(WriteOutcome.Kind.TRANSIENT, describe(e));
    } catch (InfluxDBException e) {
      Integer status = lastStatus.get();
      WriteOutcome outcome = classify(status, e);
      if (outcome.kind() == WriteOutcome.Kind.CONFIG
          && e instanceof InfluxDBException.DatabaseNotFoundException
          && settings.createDatabase()) {
        createDatabase();
      }
      return outcome;
    } catch (RuntimeException e) {
      return new WriteOutcome(WriteOutcome.Kind.TRANSIENT, describe(e));
    }
  }

  static WriteOutcome classify(Integer status, InfluxDBException e) {
    String message = (status == null ? "" : "HTTP " + status + ": ") + describe(e);
    if (status == null || status >= 500) {
      return new WriteOutcome(WriteOutcome.Kind.TRANSIENT, message);
    }
    if (status == 401
        || status == 403
        || status == 404
        || e instanceof InfluxDBException.DatabaseNotFoundException
        || e instanceof InfluxDBException.AuthorizationFailedException) {
      return new WriteOutcome(WriteOutcome.Kind.CONFIG, message);
    }
    if (status == 429) {
      return new WriteOutcome(WriteOutcome.Kind.TRANSIENT, message);
    }
    return new WriteOutcome(WriteOutcome.Kind.BAD_DATA, message);
  }

  /**
   * Creates the settings' retention policy keeping {@code keep} (0: forever), or alters it when it
   * exists with another duration: the logs' retention is set apart from the metrics'. Returns what
   * went wrong, or null; a failure (InfluxDB down at start) is retried by the caller later.
   */
  public @Nullable String ensureRetentionPolicy(java.time.Duration keep) {
    String name = settings.retentionPolicy();
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (settings.createDatabase()) {
      createDatabase();
    }
    String duration = keep.isZero() ? "INF" : keep.toHours() + "h";
    String on = quoted(name) + " ON " + quoted(settings.database());
    String created =
        run("CREATE RETENTION POLICY " + on + " DURATION " + duration + " REPLICATION 1");
    if (created != null && created.contains("already exists")) {
      return run("ALTER RETENTION POLICY " + on + " DURATION " + duration);
    }
    return created;
  }

  private @Nullable String run(String statement) {
    try {
      QueryResult result = influx.query(new Query(statement, settings.database()));
      if (result.getError() != null) {
        return result.getError();
      }
      if (result.getResults() != null) {
        for (QueryResult.Result r : result.getResults()) {
          if (r.getError() != null) {
            return r.getError();
          }
        }
      }
      return null;
    } catch (RuntimeException e) {
      return describe(e);
    }
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** CREATE DATABASE is idempotent in InfluxDB 1.x; failures surface on the next write. */
  public void createDatabase() {
    try {
      influx.query(new Query("CREATE DATABASE \"" + settings.database().replace("\"", "") + "\""));
    } catch (RuntimeException e) {
      // The next write reports the problem with its own classification.
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return message == null ? e.getClass().getSimpleName() : message.strip();
  }

  @Override
  public void close() {
    influx.close();
  }
}
