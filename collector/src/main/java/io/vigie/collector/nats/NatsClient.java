package io.vigie.collector.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.vigie.model.text.Escape;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connecting to the NATS cluster, and the stream of points made or brought to its settings. */
public final class NatsClient {
  private static final Logger LOG = LoggerFactory.getLogger(NatsClient.class);
  private static final int STREAM_NOT_FOUND = 10059;

  private NatsClient() {}

  /**
   * A connection that keeps reconnecting, to any node, for ever; it is returned even when no node
   * answers yet, so a collector starts and spools while NATS is away.
   *
   * @param name the connection's name in the servers' monitoring ({@code connz})
   */
  public static Connection connect(NatsSettings settings, String name)
      throws IOException, InterruptedException {
    Options.Builder options =
        new Options.Builder()
            .servers(settings.servers().toArray(String[]::new))
            .connectionName(name)
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .connectionTimeout(Duration.ofSeconds(5))
            .connectionListener(
                (ConnectionListener)
                    (connection, event) ->
                        LOG.info(
                            "NATS {}: {}",
                            event,
                            Escape.controls(String.valueOf(connection.getConnectedUrl()))))
            .errorListener(new ErrorListener() {});
    if (settings.username() != null && settings.password() != null) {
      options.userInfo(settings.username(), settings.password().reveal());
    }
    return Nats.connectReconnectOnConnect(options.build());
  }

  /**
   * Makes the stream of points with the settings' limits, or updates an existing one's limits (its
   * replicas cannot change in place: a different count is logged and left to the operator).
   */
  public static StreamInfo ensureStream(Connection connection, NatsSettings settings)
      throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    StreamConfiguration wanted =
        StreamConfiguration.builder()
            .name(settings.stream())
            .subjects(NatsSettings.SUBJECTS)
            .storageType(StorageType.File)
            .replicas(settings.replicas())
            .maxAge(settings.maxAge())
            .maxBytes(settings.maxBytes())
            .duplicateWindow(settings.duplicateWindow())
            .build();
    try {
      StreamInfo existing = jsm.getStreamInfo(settings.stream());
      if (existing.getConfiguration().getReplicas() != settings.replicas()) {
        LOG.warn(
            "NATS stream {} has {} replicas, the settings say {}: left as it is",
            settings.stream(),
            existing.getConfiguration().getReplicas(),
            settings.replicas());
      }
      return jsm.updateStream(
          StreamConfiguration.builder(wanted)
              .replicas(existing.getConfiguration().getReplicas())
              .build());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      StreamInfo made = jsm.addStream(wanted);
      LOG.info(
          "NATS stream {} made: {} replicas, kept {} or {} bytes",
          settings.stream(),
          settings.replicas(),
          settings.maxAge(),
          settings.maxBytes());
      return made;
    }
  }
}
