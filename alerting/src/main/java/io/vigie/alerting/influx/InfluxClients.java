package io.vigie.alerting.influx;

import io.vigie.model.inventory.Secret;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.jspecify.annotations.Nullable;

/** Makes the InfluxDB client the alerting service reads and writes with. */
public final class InfluxClients {
  private InfluxClients() {}

  /**
   * A client asking for MessagePack answers: InfluxDB 1.x encodes them in about half the time it
   * takes for JSON, and an evaluation reads a point per series and interval (docs/benchmarks.md).
   *
   * @param username null or empty when InfluxDB does not check credentials
   */
  public static InfluxDB connect(
      String url, @Nullable String username, @Nullable Secret password, Duration timeout) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout);
    if (username == null || username.isBlank()) {
      // The factory insists on a user name when a response format is given; the client does not.
      return new org.influxdb.impl.InfluxDBImpl(
          url, null, null, http, InfluxDB.ResponseFormat.MSGPACK);
    }
    return InfluxDBFactory.connect(
        url,
        username,
        password == null ? "" : password.reveal(),
        http,
        InfluxDB.ResponseFormat.MSGPACK);
  }
}
